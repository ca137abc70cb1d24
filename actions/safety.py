"""The check-in line of the safety net. The crisis replies themselves are domain
responses chosen by rules (data/safety_rules.yml), so they never need this server."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

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


class ActionHelplineFootnote(Action):
    """One calm help-line line under an answer when the safety net is unsure (a check-in)."""

    def name(self) -> str:
        return "action_helpline_footnote"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        line = checkin_line(tracker)
        if line:
            last_bot_text = next(
                (e.get("text") or "" for e in reversed(tracker.events) if e.get("event") == "bot"), ""
            )
            if line not in last_bot_text:
                dispatcher.utter_message(text=line)
        return []
