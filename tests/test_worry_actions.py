"""The form's and safety net's actions, run with rasa-sdk's Tracker and dispatcher."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer_footnotes import ActionAnswerFootnotes
from actions.worry_form import (
    ActionAnswerDescribedBehaviour,
    ActionAskChildSignals,
    ActionFindHelp,
    ActionWorryAdvice,
    ValidateWorryForm,
)
from bot.content.model import Content
from bot.guided.reading import NOTED


def tracker(
    text: str = "",
    intent: str = "inform",
    confidence: float = 0.9,
    slots: dict | None = None,
    entities: list[dict] | None = None,
    active_loop: str | None = None,
    events: list[dict] | None = None,
) -> Tracker:
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "intent_ranking": [],
        "entities": entities or [],
    }
    loop = {"name": active_loop} if active_loop else {}
    return Tracker("u1", slots or {}, latest, events or [], False, None, loop, "action_listen")


def run(action, state: Tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, state, {}))
    return events, dispatcher.messages


def slot_events(events) -> dict:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_validation_fills_the_asked_slot() -> None:
    events, messages = run(ValidateWorryForm(), tracker("drie", slots={"requested_slot": "child_age_months"}))
    assert slot_events(events) == {"child_age_months": 36} and messages == []


def test_validation_leaves_a_digression_to_the_rules() -> None:
    state = tracker("wat is mentaliseren", "mentalising", 0.95, slots={"requested_slot": "child_age_months"})
    events, messages = run(ValidateWorryForm(), state)
    assert events == [] and messages == []  # nothing set: Rasa's form rejects


def test_validation_reasks_an_unclear_age_with_an_example(content: Content) -> None:
    events, messages = run(
        ValidateWorryForm(),
        tracker("blabla", "nlu_fallback", 0.3, slots={"requested_slot": "child_age_months"}),
    )
    assert slot_events(events) == {"child_age_months": None}
    assert messages[0]["text"] == content.worry.questions.child_age_months_again


def test_validation_confirms_a_correction(content: Content) -> None:
    state = tracker(
        "nee, ze is 5",
        slots={"requested_slot": "child_signals", "child_age_months": 36, "asker_role": "parent"},
    )
    events, messages = run(ValidateWorryForm(), state)
    assert slot_events(events) == {"child_age_months": 60}
    assert "5 jaar" in messages[0]["text"]


def test_unsafe_at_home_gets_the_help_line_at_once(content: Content) -> None:
    state = tracker("Ja, iemand is niet veilig", slots={"requested_slot": "home_safe"})
    events, messages = run(ValidateWorryForm(), state)
    assert slot_events(events) == {"home_safe": "unsafe"}
    assert "0800-2000" in messages[0]["text"]


def test_signals_question_shows_what_was_noted(content: Content) -> None:
    _, [message] = run(ActionAskChildSignals(), tracker(slots={"noted_signals": ["clingy"]}))
    assert "eist veel aandacht op" in message["text"]
    titles = [b["title"] for b in message["buttons"]]
    assert "Eist veel aandacht op" not in titles and content.worry.questions.button_done in titles


def test_advice_then_a_fresh_round_keeps_age_and_role(content: Content) -> None:
    slots = {
        "asker_role": "parent",
        "child_age_months": 30,
        "child_signals": ["pushes_away"],
        "home_safe": "safe",
    }
    events, messages = run(ActionWorryAdvice(), tracker(slots=slots))
    text = "\n".join(m["text"] for m in messages)
    assert "Duwt mensen weg" in text and "consultatiebureau" in text.lower()
    assert messages[-1]["text"].startswith("Bronnen:") and messages[-1]["buttons"]
    assert slot_events(events) == {
        "child_signals": None,
        "noted_signals": None,
        "other_signal_text": None,
        "home_safe": None,
    }


def test_find_help_without_answers_offers_the_questions(content: Content) -> None:
    _, [message] = run(ActionFindHelp(), tracker())
    assert message["buttons"][0]["payload"] == "/worried_about_child"
    _, [known] = run(ActionFindHelp(), tracker(slots={"child_age_months": 120}))
    assert "Jeugdarts" in known["text"] and known["buttons"] == []


def test_checkin_line_only_when_the_safety_net_is_unsure_and_only_once(content: Content) -> None:
    mention = [{"entity": "risk_checkin", "value": "suicide_adult"}]
    events, messages = run(ActionAnswerFootnotes(), tracker(entities=mention))
    assert [m["text"] for m in messages] == [content.safety.checkin["suicide_adult"]]
    assert events == [{"event": "slot", "timestamp": None, "name": "answer_footnote", "value": None}]
    assert "0800-0113" in messages[0]["text"]
    _, none = run(ActionAnswerFootnotes(), tracker())
    assert none == []
    said = [{"event": "bot", "text": "antwoord. " + content.safety.checkin["suicide_adult"]}]
    _, again = run(ActionAnswerFootnotes(), tracker(entities=mention, events=said))
    assert again == []


def test_a_second_question_gets_a_button_to_its_topic(content: Content) -> None:
    state = tracker("Wat is adoptie? En wat is continuiteit?", "adoption")
    state.latest_message["also_asked"] = {"name": "continuity", "confidence": 0.8}
    _, [offer] = run(ActionAnswerFootnotes(), state)
    assert offer["text"] == content.messages["also_asked"]
    assert offer["buttons"] == [{"title": content.by_intent()["continuity"].title, "payload": "/continuity"}]
    same = tracker("Wat is adoptie?", "adoption")
    same.latest_message["also_asked"] = {"name": "adoption", "confidence": 0.8}
    assert run(ActionAnswerFootnotes(), same)[1] == []


@pytest.mark.parametrize("answer, register", [("ik ben leerkracht", "professional"), ("moeder", "parent")])
def test_the_role_answer_sets_who_is_asking_for_the_conversation(answer: str, register: str) -> None:
    events, _ = run(ValidateWorryForm(), tracker(answer, slots={"requested_slot": "asker_role"}))
    assert slot_events(events)["register"] == register


def test_a_described_behaviour_is_answered_before_the_questions(content: Content) -> None:
    events, messages = run(
        ActionAnswerDescribedBehaviour(),
        tracker("mijn dochter van 3 duwt mij steeds weg", "worried_about_child"),
    )
    pushes_away = next(s for s in content.worry.signals if s.id == "pushes_away")
    assert events == [SlotSet(NOTED, ["pushes_away"])]  # the walk-through starts with it noted
    assert messages[0]["text"].startswith(content.worry.questions.behaviour_intro)
    assert pushes_away.explanation in messages[0]["text"]  # what it can mean, no diagnosis, other causes
    assert content.worry.age_bands["toddler"].help_now in messages[1]["text"]  # what helps now, at 3
    assert len(messages) == 2  # the opening is the rule's next step (utter_worried_about_child)


def test_the_start_button_goes_straight_to_the_questions() -> None:
    _, messages = run(
        ActionAnswerDescribedBehaviour(), tracker("/worried_about_child", "worried_about_child")
    )
    assert messages == []


def test_a_behaviour_outside_the_signal_list_still_gets_an_answer_first(content: Content) -> None:
    _, messages = run(
        ActionAnswerDescribedBehaviour(),
        tracker("ons meisje van 2 legt al haar knuffels steeds op een rij", "worried_about_child"),
    )
    assert messages[0]["text"] == content.worry.questions.behaviour_general
    # What such behaviour can mean in general: the signals overview, with "other causes".
    assert messages[1]["text"] == content.by_intent()["signals"].answer
    assert "andere oorzaken" in messages[1]["text"]
    assert content.worry.age_bands["toddler"].help_now in messages[2]["text"]


def test_a_behaviour_another_source_describes_is_explained_too(content: Content) -> None:
    # No preference for the parent is not on Bijzonder Jeugdwerk's list (no button), but the
    # Kennisplein page describes its opposite; it used to get the general reply.
    _, messages = run(
        ActionAnswerDescribedBehaviour(),
        tracker("ons meisje van 2 kruipt bij elke bezoeker op schoot", "worried_about_child"),
    )
    no_preference = next(s for s in content.worry.signals if s.id == "no_preference")
    assert messages[0]["text"].startswith(content.worry.questions.behaviour_intro)
    assert no_preference.label in messages[0]["text"]


def test_a_plain_worry_goes_straight_to_the_questions() -> None:
    _, messages = run(
        ActionAnswerDescribedBehaviour(), tracker("ik maak me zorgen over mijn zoon", "worried_about_child")
    )
    assert messages == []
