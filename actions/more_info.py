""" "Meer weten": the detailed answer, with literature and links, for the last topic."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.content import render
from bot.content.model import content


class ActionMoreInfo(Action):
    def name(self) -> str:
        return "action_more_info"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        known = content()
        # `last_topic` is filled by the slot mappings: from a topic intent, or from the
        # entity in a "Meer weten" button, so an older button still names its own topic.
        topic = known.topic(tracker.get_slot("last_topic") or "")
        if topic is None:
            ask = known.intent_for("more_info")
            dispatcher.utter_message(
                text=render.answer_text(ask, known), buttons=render.answer_buttons(ask, known)
            )
        else:
            dispatcher.utter_message(text=render.more_text(topic, known))
        return []
