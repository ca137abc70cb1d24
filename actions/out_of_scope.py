"""The answer to a message outside the subject: a kind decline, unless it describes a child.

A parent describing their own child's behaviour in words the classifier reads as another
subject ("mijn zoon van 15 spijbelt en loopt steeds weg") is not out of scope for them: when
the description resembles a walk-through signal, they get the behaviour reply instead of
"Sorry, daar kan ik je niet mee helpen". A short question that points back to the topic just
answered ("hoe lang duurt dat dan?") gets more about that topic (actions/context_follow_up.py).
Everything else keeps the decline and its topics.
Inside the walk-through the decline stays: the form's own questions go on after it.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.context_follow_up import follow_up_text, topic_referred_to
from actions.described_behaviour import own_child_behaviour, say_behaviour_reply
from bot.content import render
from bot.content.model import content

OUT_OF_SCOPE = "out_of_scope"
# Shown under a behaviour reply here: the signals topic, as the decline would have offered it.
BEHAVIOUR_TOPICS = ["signals"]


class ActionAnswerOutOfScope(Action):
    def name(self) -> str:
        return "action_answer_out_of_scope"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        known = content()
        text = tracker.latest_message.get("text") or ""
        topic = topic_referred_to(tracker, known)
        if topic is not None:
            dispatcher.utter_message(text=follow_up_text(topic, text, known))
            return []
        if not tracker.active_loop_name:
            behaviour = own_child_behaviour(text, known)
            if behaviour is not None:
                return say_behaviour_reply(dispatcher, behaviour, known, BEHAVIOUR_TOPICS)
        decline = known.intent_for(OUT_OF_SCOPE)
        dispatcher.utter_message(
            text=render.answer_text(decline, known), buttons=render.answer_buttons(decline, known)
        )
        return []
