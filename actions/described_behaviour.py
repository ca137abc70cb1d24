"""A parent describing what their own child does, wherever the classifier put the message.

The classifier knows topics, not behaviours: "hij loopt met iedereen mee" can land in no
confident topic (nlu_fallback) or in out of scope (a teenager who truants and runs away reads
like school trouble), or in a topic that names a pattern a child can have (avoidant
attachment: "hij komt nooit naar me toe als hij valt"). When the description resembles one
of the walk-through's signals, the parent gets the behaviour reply the walk-through would
give first (what it can mean, no diagnosis, what helps now) and its "Ik maak me zorgen"
button, with the signal ticked; a pattern topic comes as a button, never as a verdict.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.worry_form import behaviour_reply
from bot.content.model import ANSWER_TOPIC_OR_BEHAVIOUR, Content, Intent, content
from bot.content.naming import names_topic
from bot.content.render import topic_button
from bot.guided.reading import NOTED, names_own_child, payload_intent
from bot.language.question_focus import WALK_THROUGH_ROLE, is_story_with_question
from bot.language.register import PROFESSIONAL
from bot.language.register import SLOT as REGISTER_SLOT

# The intent whose button starts the walk-through ("Ik maak me zorgen").
WALK_THROUGH = "worried_about_child"


def own_child_behaviour(text: str, known: Content) -> tuple[list[str], list[str]] | None:
    """The behaviour reply's texts and named signals, when `text` describes the writer's own
    child doing something that resembles a signal; None otherwise (words only, no guessing)."""
    if payload_intent(text) is not None or not names_own_child(text):
        return None
    texts, named = behaviour_reply(text, known, general=False)
    return (texts, named) if named else None


def behaviour_instead(text: str, topic: Intent, known: Content) -> tuple[list[str], list[str]] | None:
    """The behaviour reply to give instead of `topic`'s answer: for a topic that names a pattern
    a child can have, when the writer describes their own child without naming it. A long
    story that asks a question keeps the topic's answer, as every topic does (with the
    walk-through's button under it when the story told what the child does): on the
    development sets its writers wanted the pattern explained."""
    if not topic.behaviour_reply_unless_named or names_topic(text, topic) or is_story_with_question(text):
        return None
    return own_child_behaviour(text, known)


def say_behaviour_reply(
    dispatcher: CollectingDispatcher,
    behaviour: tuple[list[str], list[str]],
    known: Content,
    more_topics: list[str],  # topic intents, offered after the walk-through's button
) -> list[dict[str, Any]]:
    """Sends the behaviour reply, one idea per bubble, the buttons under the last one; the
    walk-through then starts with the named signals ticked."""
    texts, named = behaviour
    by_intent = known.by_intent()
    buttons = [topic_button(by_intent[WALK_THROUGH])]
    buttons += [topic_button(by_intent[name]) for name in more_topics]
    for text in texts[:-1]:
        dispatcher.utter_message(text=text)
    dispatcher.utter_message(text=texts[-1], buttons=buttons)
    return [SlotSet(NOTED, named)]


def offer_walk_through(dispatcher: CollectingDispatcher, known: Content) -> None:
    """Under a topic answer to a story that also told what the child does: the walk-through's
    button, so the parent loses neither."""
    walk_through = known.intent_for(WALK_THROUGH_ROLE)
    dispatcher.utter_message(text=known.messages["also_told_behaviour"], buttons=[topic_button(walk_through)])


def offered_walk_through(tracker: Tracker, known: Content) -> bool:
    """Whether a reply to the latest message already carries the walk-through's button."""
    button = topic_button(known.by_intent()[WALK_THROUGH])
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "bot" and button in ((event.get("data") or {}).get("buttons") or []):
            return True
    return False


class ActionAnswerTopicOrBehaviour(Action):
    """Answers a topic that names a pattern a child can have (`behaviour_reply_unless_named`,
    bot/content/naming.py): a parent who describes their own child in other words gets the
    behaviour reply and this topic as a button, never the pattern as a verdict; everyone else
    gets the topic's response (with its professional variation)."""

    def name(self) -> str:
        return ANSWER_TOPIC_OR_BEHAVIOUR

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        known = content()
        topic = known.by_intent().get((tracker.latest_message.get("intent") or {}).get("name") or "")
        if topic is None:  # only its rules run it; never leave a message unanswered
            dispatcher.utter_message(response="utter_default")
            return []
        text = tracker.latest_message.get("text") or ""
        # Inside the walk-through the signals are asked anyway: the topic, then the questions. A
        # professional ("haar zoon duwt iedereen weg", about a client) wants the pattern's precise layer.
        keep_topic = tracker.active_loop_name or tracker.get_slot(REGISTER_SLOT) == PROFESSIONAL
        behaviour = None if keep_topic else behaviour_instead(text, topic, known)
        if behaviour is None:
            dispatcher.utter_message(response=topic.response_name)
            return []
        return say_behaviour_reply(dispatcher, behaviour, known, [topic.intent])
