"""The check-in line of the safety net (sent by actions/answer_footnotes.py). The crisis
replies themselves are domain responses chosen by rules (data/safety_rules.yml), so they
never need this server."""

from __future__ import annotations

from rasa_sdk import Tracker

from bot.content.model import content


def latest_entity(tracker: Tracker, name: str) -> str | None:
    entities = (tracker.latest_message or {}).get("entities") or []
    return next((e.get("value") for e in entities if e.get("entity") == name), None)


def checkin_line(tracker: Tracker) -> str | None:
    """The calm help-line line for an uncertain risk in the latest message, if any."""
    category = latest_entity(tracker, "risk_checkin")
    if not category:
        return None
    lines = content().safety.checkin
    return lines.get(category, lines["abuse"])
