"""What the bot does with a message it could not classify with confidence."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.safety import checkin_line
from bot.content.model import Content, content
from bot.content.render import STARTER_TOPICS, something_else_button, topic_button

# A topic is offered as a candidate only above this confidence: below it the guess is
# noise and a list of starter topics helps more than a wrong suggestion.
MIN_CANDIDATE_CONFIDENCE = 0.15
MAX_CANDIDATES = 3


def candidate_topics(ranking: List[Dict[Text, Any]], known: Content) -> List[Text]:
    """The topic intents worth offering, best first."""
    topics = {t.intent for t in known.topics}
    return [
        entry["name"]
        for entry in ranking
        if entry.get("name") in topics
        and entry.get("confidence", 0.0) >= MIN_CANDIDATE_CONFIDENCE
    ][:MAX_CANDIDATES]


class ActionHandleUnclearMessage(Action):
    def name(self) -> Text:
        return "action_handle_unclear_message"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        known = content()
        ranking = tracker.latest_message.get("intent_ranking") or []
        candidates = candidate_topics(ranking, known)
        by_intent = known.by_intent()
        if candidates:
            buttons = [topic_button(by_intent[name]) for name in candidates]
            dispatcher.utter_message(
                text=known.messages["ask_which_topic"],
                buttons=buttons + [something_else_button(known)],
            )
        else:
            buttons = [topic_button(by_intent[name]) for name in STARTER_TOPICS]
            dispatcher.utter_message(text=known.messages["not_understood"], buttons=buttons)
        line = checkin_line(tracker)  # the safety net was unsure: one calm help line
        if line:
            dispatcher.utter_message(text=line)
        return []
