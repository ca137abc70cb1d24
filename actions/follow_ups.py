"""Follow-ups about the topic just answered: "waar staat dat?", "kun je dat simpeler zeggen?",
"en bij een puber?", "wat kan ik zelf doen?".

The topic is the slot `last_topic` (filled by the topic intents and by buttons that name a
topic). Without a topic each intent's own answer asks what the person means. Texts come
from the content files: a topic's answer and sources, and worry.yml's age bands.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.unclear_message import answer_from_passages, best_passages, candidate_topics
from bot.content import render
from bot.content.model import Content, Intent, content
from bot.guided.advice import help_now_text
from bot.guided.answers import age_band, parse_age
from bot.guided.reading import AGE


def _latest_text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def _topic(tracker: Tracker, known: Content) -> Intent | None:
    return known.topic(tracker.get_slot("last_topic") or "")


# Without a topic in the conversation a "follow-up" is more likely a first question that also
# resembles a topic ("waar komt jouw informatie vandaan?" is about the bot): that topic is
# answered from this confidence in the classifier's ranking on, instead of asking which one.
MIN_FIRST_TOPIC_CONFIDENCE = 0.2


def _ask_which(dispatcher: CollectingDispatcher, role: str, known: Content) -> list[dict[str, Any]]:
    """No topic yet: the follow-up intent's own answer, with topics to choose from."""
    ask = known.intent_for(role)
    dispatcher.utter_message(text=render.answer_text(ask, known), buttons=render.answer_buttons(ask, known))
    return []


def _without_topic(
    dispatcher: CollectingDispatcher, tracker: Tracker, role: str, known: Content
) -> list[dict[str, Any]]:
    """A follow-up with nothing to follow: the topic the message also resembles, else the one
    passage that clearly answers it ("welke studie onderbouwt dat X?"), else ask."""
    parsed = tracker.latest_message or {}
    ranked = candidate_topics(parsed.get("intent_ranking") or [], known, MIN_FIRST_TOPIC_CONFIDENCE)
    if not ranked:
        found = best_passages(parsed.get("passages") or [], known)
        answered = answer_from_passages(dispatcher, found, parsed, known)
        return _ask_which(dispatcher, role, known) if answered is None else answered
    dispatcher.utter_message(response=f"utter_{ranked[0]}")  # its register variation too
    return [SlotSet("last_topic", ranked[0])]


class TopicFollowUp(Action, ABC):
    """A follow-up that shows another layer of the topic just answered. Abstract, so that
    rasa-sdk does not register it as an action of its own."""

    action_name: str
    role: str  # the follow-up intent's role, whose own answer asks which topic was meant

    def name(self) -> str:
        return self.action_name

    @abstractmethod
    def reply(self, dispatcher: CollectingDispatcher, topic: Intent, known: Content) -> None: ...

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        known = content()
        topic = _topic(tracker, known)
        if topic is None:
            return _without_topic(dispatcher, tracker, self.role, known)
        self.reply(dispatcher, topic, known)
        return []


class ActionSource(TopicFollowUp):
    """ "Waar staat dat?": every source of the topic with its link, and its literature."""

    action_name, role = "action_source", "source"

    def reply(self, dispatcher: CollectingDispatcher, topic: Intent, known: Content) -> None:
        dispatcher.utter_message(
            text=render.sources_text(topic, known), json_message=render.sources_payload(topic, known)
        )


class ActionSimpler(TopicFollowUp):
    """ "Kun je dat simpeler zeggen?": the short B1 answer, also after the precise layer."""

    action_name, role = "action_simpler", "simpler"

    def reply(self, dispatcher: CollectingDispatcher, topic: Intent, known: Content) -> None:
        dispatcher.utter_message(
            text=render.answer_text(topic, known), buttons=render.answer_buttons(topic, known)
        )


class ActionAgeFollowUp(Action):
    def name(self) -> str:
        return "action_age_follow_up"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        known = content()
        band = age_band(parse_age(_latest_text(tracker), strict=True).months)
        topic = _topic(tracker, known)
        if band is None:
            if topic is None:
                return _without_topic(dispatcher, tracker, "age_follow_up", known)
            return _ask_which(dispatcher, "age_follow_up", known)
        buttons = [render.topic_button(topic)] if topic else []
        buttons.append(render.topic_button(known.intent_for("help_places")))
        dispatcher.utter_message(text=help_now_text(band, known), buttons=buttons)
        return []


class ActionOwnAction(Action):
    def name(self) -> str:
        return "action_own_action"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        known = content()
        months = tracker.get_slot(AGE)
        if not isinstance(months, (int, float)):
            months = parse_age(_latest_text(tracker), strict=True).months
        own = known.intent_for("own_action")
        dispatcher.utter_message(
            text=help_now_text(age_band(int(months)) if months is not None else None, known),
            buttons=render.answer_buttons(own, known),
        )
        return []
