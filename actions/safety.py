"""The safety net's replies: the right help line at once, then an offer to go on."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot.content.model import content

GENERAL = "general"


def latest_entity(tracker: Tracker, name: str) -> Optional[str]:
    entities = (tracker.latest_message or {}).get("entities") or []
    return next((e.get("value") for e in entities if e.get("entity") == name), None)


class ActionSafetyReply(Action):
    def name(self) -> Text:
        return "action_safety_reply"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        known = content()
        replies = known.safety.replies
        category = latest_entity(tracker, "danger_category")
        dispatcher.utter_message(text=replies.get(category or GENERAL, replies[GENERAL]))
        questions = known.worry.questions
        if tracker.active_loop_name:
            # The rule pauses the form after this; its answers so far are kept.
            buttons = [{"title": questions["button_continue"], "payload": "/worried_about_child"},
                       {"title": questions["button_stop"], "payload": "/stop"}]
        else:
            help_topic = known.by_intent()["where_to_find_help"]
            buttons = [{"title": help_topic.title, "payload": f"/{help_topic.intent}"}]
        dispatcher.utter_message(text=known.safety.offer_continue, buttons=buttons)
        return []


class ActionHelplineFootnote(Action):
    """One calm help-line line under an answer whose question mentioned abuse or violence."""

    def name(self) -> Text:
        return "action_helpline_footnote"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        if latest_entity(tracker, "danger_term"):
            line = content().safety.informational_line
            last_bot_text = next(
                (e.get("text") or "" for e in reversed(tracker.events) if e.get("event") == "bot"), ""
            )
            if line not in last_bot_text:  # some answers carry the line already
                dispatcher.utter_message(text=line)
        return []
