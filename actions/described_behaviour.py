"""A parent describing what their own child does, wherever the classifier put the message.

The classifier knows topics, not behaviours: "hij loopt met iedereen mee" can land in no
confident topic (nlu_fallback) or in out of scope (a teenager who truants and runs away reads
like school trouble). When the description resembles one of the walk-through's signals, the
parent gets the behaviour reply the walk-through would give first (what it can mean, no
diagnosis, what helps now) and its "Ik maak me zorgen" button, with the signal ticked.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.worry_form import behaviour_reply
from bot.content.model import Content
from bot.content.render import topic_button
from bot.guided.reading import NOTED, names_own_child, payload_intent
from bot.language.question_focus import WALK_THROUGH_ROLE

# The intent whose button starts the walk-through ("Ik maak me zorgen").
WALK_THROUGH = "worried_about_child"


def own_child_behaviour(text: str, known: Content) -> tuple[list[str], list[str]] | None:
    """The behaviour reply's texts and named signals, when `text` describes the writer's own
    child doing something that resembles a signal; None otherwise (words only, no guessing)."""
    if payload_intent(text) is not None or not names_own_child(text):
        return None
    texts, named = behaviour_reply(text, known, general=False)
    return (texts, named) if named else None


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
