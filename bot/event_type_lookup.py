"""Find an event's class by its type name in a table built once.

Rasa turns every stored event back into an object when it loads a conversation
(`Event.from_parameters` -> `Event.resolve_by_type`), and `resolve_by_type` walks the whole
Event class tree (`all_subclasses`, with an `inspect.isabstract` check per class) for each
event. A conversation of 100 messages has about 800 events, so loading it cost tens of
milliseconds, twice per turn, and grew with every message (docs/latency-history.md).
The class tree does not change while Rasa runs, so a table built on first use gives the
same answer. Names not in the table (unknown names, "topic", a `default`, or an event class
imported later) go to Rasa's own lookup, so every answer and error stays Rasa's.
`bot.rasa_server` installs it before Rasa starts; tests/test_rasa_speedups.py compares
both lookups.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

# Rasa's own lookup, kept by install() for the names the table does not hold.
_rasa: dict[str, Callable[..., Any]] = {}


@lru_cache(maxsize=1)
def _event_classes() -> dict[str, Any]:
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    table: dict[str, Any] = {}
    for cls in all_subclasses(Event):
        table.setdefault(cls.type_name, cls)  # the first match, as Rasa's loop returns
    return table


def resolve_by_type(type_name: str, default: Any = None) -> Any:
    """Drop-in for `Event.resolve_by_type`: same class, same fallbacks, same error."""
    found = _event_classes().get(type_name)
    if found is not None:
        return found
    return _rasa["lookup"](type_name, default)


def install() -> None:
    """Replaces Rasa's per-event class-tree walk (idempotent)."""
    from rasa.shared.core.events import Event

    if "lookup" not in _rasa:
        _rasa["lookup"] = Event.resolve_by_type
        Event.resolve_by_type = staticmethod(resolve_by_type)
