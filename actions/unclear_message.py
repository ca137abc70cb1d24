"""What the bot does with a message it could not classify with confidence."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.safety import checkin_line
from bot.content.model import Content, content
from bot.content.render import something_else_button, topic_button

# A topic is offered as a candidate only above this confidence: below it the guess is
# noise and a list of starter topics helps more than a wrong suggestion.
MIN_CANDIDATE_CONFIDENCE = 0.15
MAX_CANDIDATES = 3


def candidate_topics(ranking: list[dict[str, Any]], known: Content) -> list[str]:
    """The topic intents worth offering, best first."""
    topics = {t.intent for t in known.topics}
    return [
        entry["name"]
        for entry in ranking
        if entry.get("name") in topics and entry.get("confidence", 0.0) >= MIN_CANDIDATE_CONFIDENCE
    ][:MAX_CANDIDATES]


class ActionHandleUnclearMessage(Action):
    def name(self) -> str:
        return "action_handle_unclear_message"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        known = content()
        ranking = tracker.latest_message.get("intent_ranking") or []
        candidates = candidate_topics(ranking, known)
        by_intent = known.by_intent()
        if candidates:
            buttons = [topic_button(by_intent[name]) for name in candidates]
            dispatcher.utter_message(
                text=known.messages["ask_which_topic"],
                buttons=[*buttons, something_else_button(known)],
            )
        else:
            buttons = [topic_button(item) for item in known.starters("unclear")]
            dispatcher.utter_message(text=known.messages["not_understood"], buttons=buttons)
        line = checkin_line(tracker)  # the safety net was unsure: one calm help line
        if line:
            dispatcher.utter_message(text=line)
        return []
