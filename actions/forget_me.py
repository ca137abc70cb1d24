"""Deleting a conversation only when the person confirms it.

"Verwijder mijn gegevens" deletes everything the person wrote, and cannot be undone. A
question the classifier misreads as that request ("wanneer verwijder je hechtingen bij
een wond?") must not wipe a conversation, so the first request asks to confirm, with a
button that sends the request again. Asking twice in a row (the button, or typing it
again) is the confirmation: then the reply carries the marker on which the channel
deletes the conversation once the turn is stored (bot/privacy/forget.py).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.content import render
from bot.content.model import content
from bot.privacy import FORGET_MARKER

FORGET_ROLE = "forget"  # conversation/forget_me.yml


def previous_user_intent(tracker: Tracker) -> str | None:
    """The intent of the user's message before the latest one (after a restart: none)."""
    before = tracker.get_last_event_for("user", skip=1)
    return ((before or {}).get("parse_data") or {}).get("intent", {}).get("name")


class ActionForgetMe(Action):
    def name(self) -> str:
        return "action_forget_me"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        known = content()
        forget = known.intent_for(FORGET_ROLE)
        if previous_user_intent(tracker) == forget.intent:
            dispatcher.utter_message(
                text=render.answer_text(forget, known), json_message={FORGET_MARKER: True}
            )
            return []
        messages = known.messages
        dispatcher.utter_message(
            text=messages["forget_confirm"],
            buttons=[
                render.payload_button(messages["forget_confirm_yes"], forget),
                render.payload_button(messages["forget_confirm_no"], known.intent_for("capabilities")),
            ],
        )
        return []
