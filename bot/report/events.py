"""Read conversations from Rasa's SQL tracker store, read-only.

Why a module of its own: everything the report knows comes through here, so this is
the one place that touches the database and the one place that sees sender ids. It
uses the Rasa server's own connection settings and table definition
(bot/privacy/retention.py), issues SELECTs only (SQLAlchemy Core, so SQLite and
PostgreSQL alike), and hands each conversation on as a plain list of events, without
its sender id: the report cannot print what it never receives.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

# `_has_events_table` is purge's own check: it never creates a missing SQLite file,
# which a plain `inspect` would do (a write).
from bot.privacy.retention import EVENTS, _has_events_table

# The event types the report reads; the rest (session_started, restart, ...) say
# nothing about what was asked or answered.
EVENT_TYPES = ("user", "bot", "action", "slot", "active_loop")


@dataclass(frozen=True)
class Window:
    """Whole days `since` .. `until` (both included), in the machine's local time."""

    since: date
    until: date

    def __post_init__(self) -> None:
        if self.since > self.until:
            raise ValueError(f"--since {self.since} is after --until {self.until}")

    @property
    def start(self) -> float:
        """Local midnight at the start of `since`, in seconds since the epoch."""
        return datetime.combine(self.since, time()).timestamp()

    @property
    def end(self) -> float:
        """Local midnight after `until` (excluded)."""
        return datetime.combine(self.until + timedelta(days=1), time()).timestamp()

    def contains(self, timestamp: float) -> bool:
        return self.start <= timestamp < self.end


@dataclass(frozen=True)
class StoredEvent:
    """One row of Rasa's `events` table: its type, time and decoded JSON `data`."""

    type_name: str
    timestamp: float
    data: Mapping[str, Any]

    @property
    def name(self) -> str | None:
        """The action's, slot's or loop's name (None when the loop ends)."""
        name = self.data.get("name")
        return name if isinstance(name, str) else None

    @property
    def value(self) -> Any:
        """A slot event's value."""
        return self.data.get("value")

    @property
    def text(self) -> str:
        """A user or bot message's text ("" if there is none)."""
        text = self.data.get("text")
        return text if isinstance(text, str) else ""

    @property
    def intent(self) -> str | None:
        name = self._intent().get("name")
        return name if isinstance(name, str) else None

    @property
    def confidence(self) -> float | None:
        confidence = self._intent().get("confidence")
        if isinstance(confidence, (int, float)) and not isinstance(confidence, bool):
            return float(confidence)
        return None

    def entity(self, name: str) -> str | None:
        """The first value of entity `name` in a user message, as text."""
        for entity in self._parse_data().get("entities") or ():
            if isinstance(entity, Mapping) and entity.get("entity") == name:
                value = entity.get("value")
                return None if value is None else str(value)
        return None

    def is_action(self, name: str) -> bool:
        return self.type_name == "action" and self.name == name

    def _parse_data(self) -> Mapping[str, Any]:
        parse_data = self.data.get("parse_data")
        return parse_data if isinstance(parse_data, Mapping) else {}

    def _intent(self) -> Mapping[str, Any]:
        intent = self._parse_data().get("intent")
        return intent if isinstance(intent, Mapping) else {}


Conversation = list[StoredEvent]


def read_conversations(engine: Engine, window: Window) -> Iterator[Conversation]:
    """Every conversation with at least one event inside `window`, whole and in order.

    Whole, because some facts lie outside the window: a crisis reply a week later
    still keeps a conversation's messages out of the report, and a walk-through that
    started on the last day may be completed the day after. One sender id is one
    conversation; rows come in Rasa's insertion order (`id`). A database without
    Rasa's table (nothing stored yet) yields nothing.
    """
    if not _has_events_table(engine):
        return
    active = (
        sa.select(EVENTS.c.sender_id)
        .where(EVENTS.c.timestamp >= window.start, EVENTS.c.timestamp < window.end)
        .distinct()
    )
    query = (
        sa.select(EVENTS.c.sender_id, EVENTS.c.type_name, EVENTS.c.timestamp, EVENTS.c.data)
        .where(EVENTS.c.sender_id.in_(active), EVENTS.c.type_name.in_(EVENT_TYPES))
        .order_by(EVENTS.c.sender_id, EVENTS.c.id)
    )
    with engine.connect() as connection:
        rows = connection.execution_options(stream_results=True).execute(query)
        for _, group in itertools.groupby(rows, key=lambda row: row.sender_id):
            yield [_stored_event(row) for row in group]


def _stored_event(row: Any) -> StoredEvent:
    try:
        data = json.loads(row.data) if row.data else {}
    except ValueError:  # not Rasa's JSON: the row still counts by its type
        data = {}
    timestamp = math.nan if row.timestamp is None else float(row.timestamp)
    return StoredEvent(row.type_name or "", timestamp, data if isinstance(data, dict) else {})
