"""What goes under a topic answer:

- one calm help-line line when the safety net is unsure (a check-in, actions/safety.py);
- when the message asked two things, a button for the other question's topic
  (`also_asked`, found by bot/language/focus_component.py); when a long story told what
  the child does and asked about a topic, the walk-through's button.

It runs only when the NLU result asked for one of these (the entities `risk_checkin` or
`also_asked` fill the slot `answer_footnote`; rules in data/intent_rules.yml), and clears
that slot, so an ordinary answer needs no call to this server.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.described_behaviour import offer_walk_through, offered_walk_through
from actions.safety import checkin_line
from bot.content.build import FOOTNOTE_SLOT
from bot.content.model import content
from bot.content.render import topic_button
from bot.language.question_focus import ALSO_ASKED, WALK_THROUGH_ROLE


class ActionAnswerFootnotes(Action):
    def name(self) -> str:
        return "action_answer_footnotes"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        known = content()
        latest = tracker.latest_message or {}
        # The parse result's key, or the entity it came with (also in a button's payload).
        other_name = ((latest.get(ALSO_ASKED) or {}).get("name")) or next(
            tracker.get_latest_entity_values(ALSO_ASKED), ""
        )
        other = known.topic(other_name)
        answered = (latest.get("intent") or {}).get("name")
        walk_through = known.intent_for(WALK_THROUGH_ROLE)
        if other is not None and other.intent != answered:
            dispatcher.utter_message(text=known.messages["also_asked"], buttons=[topic_button(other)])
        elif other_name == walk_through.intent and not offered_walk_through(tracker, known):
            offer_walk_through(dispatcher, known)
        line = checkin_line(tracker)
        if line:
            last_bot_text = next(
                (e.get("text") or "" for e in reversed(tracker.events) if e.get("event") == "bot"), ""
            )
            if line not in last_bot_text:
                dispatcher.utter_message(text=line)
        return [SlotSet(FOOTNOTE_SLOT, None)]
