"""Deleting one conversation from the running server's tracker store.

Used when someone asks the bot to delete their data ("verwijder mijn gegevens"), and by
the web page's "Nieuw gesprek" and "Snel weg". It runs after the turn is stored, so
nothing of the conversation is written back afterwards.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from bot.privacy import FORGET_MARKER
from bot.privacy.retention import delete_conversation

logger = logging.getLogger(__name__)


def _innermost(tracker_store: Any) -> Any:
    # Rasa 3.6 wraps the configured store: AwaitableTrackerStore(FailSafeTrackerStore(store)).
    store = tracker_store
    for _ in range(5):
        inner = getattr(store, "_tracker_store", None)
        if inner is None:
            return store
        store = inner
    return store


async def forget_conversation(tracker_store: Any, sender_id: str) -> bool:
    """Deletes every stored event of `sender_id`; True when the store supports it."""
    from rasa.core.tracker_store import InMemoryTrackerStore, SQLTrackerStore

    store = _innermost(tracker_store)
    if isinstance(store, SQLTrackerStore):
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, delete_conversation, store.engine, sender_id)
        return True
    if isinstance(store, InMemoryTrackerStore):
        store.store.pop(sender_id, None)
        return True
    logger.warning("Cannot delete a conversation from a %s", type(store).__name__)
    return False


def asks_to_forget(message: Any) -> bool:
    """Is this bot message the marker that the conversation must be deleted?"""
    custom = message.get("custom") if isinstance(message, dict) else None
    return isinstance(custom, dict) and bool(custom.get(FORGET_MARKER))
