"""Who is asking (professional register) and follow-ups about the topic just answered."""

from __future__ import annotations

import asyncio

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.follow_ups import ActionAgeFollowUp, ActionOwnAction, ActionSimpler, ActionSource
from actions.out_of_scope import ActionAnswerOutOfScope
from actions.unclear_message import ActionHandleUnclearMessage
from bot.content import build, render
from bot.content.model import Content
from bot.language.register import asks_for_research, says_professional, wants_precise_layer


@pytest.mark.parametrize(
    "text",
    [
        "Als jeugdarts: welke domeinen noemt de richtlijn?",
        "ik ben IB'er op een basisschool en heb een vraag",
        "Ik werk als pedagogisch medewerker op een kdv",
        "in mijn praktijk zie ik veel pleegkinderen",
        "mijn cliënt heeft een licht verstandelijke beperking",
        "ik ben jgz-verpleegkundige",
        "als gedragswetenschapper wil ik weten wat de richtlijn zegt",
    ],
)
def test_a_professional_who_says_so_is_recognised(text: str) -> None:
    assert says_professional(text)


@pytest.mark.parametrize(
    "text",
    [
        "de juf zegt dat hij onrustig is in de klas",
        "ik ben moeder van een zoon van 3",
        "als ik moe ben word ik snel boos",
        "wat zegt de richtlijn over hechting",
        "mijn dochter wil later arts worden",
    ],
)
def test_a_parent_or_a_plain_question_is_not_taken_for_a_professional(text: str) -> None:
    assert not says_professional(text)


@pytest.mark.parametrize(
    "text",
    [
        "welke meta-analyse laat dat zien?",
        "wie wordt er aangehaald over ouders met een lvb",
        "Graag de referentie bij dat verband",
        "welke studies gaan over pleegkinderen en hechting",
        "is dat wetenschappelijk onderbouwd?",
    ],
)
def test_asking_for_the_research_wants_the_precise_layer(text: str) -> None:
    assert asks_for_research(text) and wants_precise_layer(text)


@pytest.mark.parametrize(
    "text",
    [
        "ik heb het druk met mijn studie en mijn baby",
        "wat is hechting",
        "wordt mijn kind onderzocht bij het consultatiebureau?",
        "waar staat dat?",  # the sources follow-up, not the research
    ],
)
def test_an_everyday_question_does_not_ask_for_the_research(text: str) -> None:
    assert not wants_precise_layer(text)


def test_each_topic_with_detail_has_a_professional_variation_first(content: Content) -> None:
    domain = yaml.safe_load(build.domain(content))
    for topic in content.topics:
        variations = domain["responses"][topic.response_name]
        if not topic.more:
            assert len(variations) == 1
            continue
        professional, plain = variations
        assert professional["condition"] == [{"type": "slot", "name": "register", "value": "professional"}]
        assert professional["text"] == render.more_text(topic, content)
        assert plain["text"] == render.answer_text(topic, content) and "condition" not in plain
        simpler = render.simpler_button(topic, content)["payload"]
        assert simpler.replace("{", "{{").replace("}", "}}") in [
            b["payload"] for b in professional["buttons"]
        ]


def test_the_register_slot_is_filled_from_its_entity(content: Content) -> None:
    slot = yaml.safe_load(build.domain(content))["slots"]["register"]
    assert slot["values"] == ["parent", "professional"]
    assert {"type": "from_entity", "entity": "register"} in slot["mappings"]


def tracker(slots: dict, text: str = "iets", ranking: list | None = None) -> Tracker:
    latest = {"text": text, "intent": {"name": "x", "confidence": 1.0}, "entities": []}
    latest["intent_ranking"] = ranking or []
    return Tracker("test-user", slots, latest, [], False, None, {}, "action_listen")


def run(action, slots: dict, text: str = "iets") -> list[dict]:
    dispatcher = CollectingDispatcher()
    assert asyncio.run(action.run(dispatcher, tracker(slots, text), {})) == []
    return dispatcher.messages


def test_waar_staat_dat_lists_every_source_with_its_link(content: Content) -> None:
    topic = content.by_intent()["mentalising"]
    [message] = run(ActionSource(), {"last_topic": "mentalising"})
    for key in {*topic.answer_sources, *topic.detail_sources}:
        assert content.sources[key].url in message["text"]
    assert message["custom"]["topic"] == "mentalising"


def test_simpler_gives_the_short_answer_of_the_last_topic(content: Content) -> None:
    topic = content.by_intent()["mentalising"]
    [message] = run(ActionSimpler(), {"last_topic": "mentalising", "register": "professional"})
    assert message["text"] == render.answer_text(topic, content)


@pytest.mark.parametrize("action", [ActionSource(), ActionSimpler()])
def test_a_follow_up_without_a_topic_asks_which_one(content: Content, action) -> None:
    [message] = run(action, {"last_topic": None})
    assert message["buttons"]
    assert "?" in message["text"]


@pytest.mark.parametrize("action", [ActionSource(), ActionSimpler(), ActionAgeFollowUp()])
def test_a_first_message_read_as_a_follow_up_answers_the_topic_it_resembles(action) -> None:
    ranking = [{"name": "ask_source", "confidence": 0.5}, {"name": "about_bot", "confidence": 0.3}]
    dispatcher = CollectingDispatcher()
    events = asyncio.run(
        action.run(dispatcher, tracker({"last_topic": None}, "waar haal jij dat vandaan", ranking), {})
    )
    assert dispatcher.messages[0]["response"] == "utter_about_bot"
    assert events == [{"event": "slot", "timestamp": None, "name": "last_topic", "value": "about_bot"}]


@pytest.mark.parametrize(
    "text, band",
    [
        ("en bij een puber?", "teenager"),
        ("en bij een baby", "baby"),
        ("en als hij 3 is", "toddler"),
        ("en in de adolescentie?", "teenager"),
        ("en bij dreumesen", "toddler"),
        ("en vanaf de kleuterleeftijd?", "school_child"),
    ],
)
def test_en_bij_een_puber_gives_what_helps_at_that_age(content: Content, text: str, band: str) -> None:
    [message] = run(ActionAgeFollowUp(), {"last_topic": "sensitive_responding"}, text)
    assert content.worry.age_bands[band].help_now in message["text"]
    assert message["buttons"][0]["payload"] == "/sensitive_responding"


def test_an_age_follow_up_without_an_age_asks_for_it(content: Content) -> None:
    [message] = run(ActionAgeFollowUp(), {"last_topic": "signals"}, "en bij oudere?")
    assert message["text"].startswith(content.intent_for("age_follow_up").answer.split("?")[0])


def test_own_action_uses_the_age_from_the_walk_through(content: Content) -> None:
    [message] = run(ActionOwnAction(), {"child_age_months": 30}, "wat kan ik zelf doen")
    assert content.worry.age_bands["toddler"].help_now in message["text"]
    [general] = run(ActionOwnAction(), {}, "wat kan ik zelf doen")
    assert general["text"] == content.worry.questions.help_now_unknown_age


def context_tracker(text: str, intent: str, slots: dict, active_loop: str | None = None) -> Tracker:
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.5}, "entities": []}
    latest["intent_ranking"] = []
    loop = {"name": active_loop} if active_loop else {}
    return Tracker("test-user", slots, latest, [], False, None, loop, "action_listen")


@pytest.mark.parametrize("action", [ActionAnswerOutOfScope(), ActionHandleUnclearMessage()])
def test_a_short_question_pointing_back_gets_more_about_the_last_topic(content: Content, action) -> None:
    nika = content.by_intent()["treatment_nika"]
    intent = "out_of_scope" if isinstance(action, ActionAnswerOutOfScope) else "nlu_fallback"
    dispatcher = CollectingDispatcher()
    tracker = context_tracker("hoe lang duurt dat dan?", intent, {"last_topic": "treatment_nika"})
    asyncio.run(action.run(dispatcher, tracker, {}))
    assert dispatcher.messages[0]["text"] == render.more_text(nika, content)
    for text in ("hoeveel keer moet je dan komen?", "specifieker graag: welke bij het kind?"):
        dispatcher = CollectingDispatcher()
        asyncio.run(
            action.run(dispatcher, context_tracker(text, intent, {"last_topic": "treatment_nika"}), {})
        )
        assert dispatcher.messages[0]["text"] == render.more_text(nika, content), text
    dispatcher = CollectingDispatcher()
    tracker = context_tracker(
        "uit welke publicatie komt die definitie?", intent, {"last_topic": "treatment_nika"}
    )
    asyncio.run(action.run(dispatcher, tracker, {}))
    assert dispatcher.messages[0]["text"] == render.sources_text(nika, content)


@pytest.mark.parametrize(
    ("text", "slots", "loop"),
    [
        ("hoe lang duurt dat dan?", {}, None),  # no topic to follow
        ("denk je dat mijn zoon koorts heeft?", {"last_topic": "treatment_nika"}, None),  # own child: new
        ("hoe lang duurt dat dan?", {"last_topic": "treatment_nika"}, "worry_form"),  # form first
        ("hoe krijg ik vlekken uit een wit shirt", {"last_topic": "treatment_nika"}, None),  # no pointer
    ],
)
def test_without_a_topic_pointed_back_to_the_decline_stays(content: Content, text, slots, loop) -> None:
    dispatcher = CollectingDispatcher()
    asyncio.run(
        ActionAnswerOutOfScope().run(dispatcher, context_tracker(text, "out_of_scope", slots, loop), {})
    )
    assert dispatcher.messages[0]["text"] == render.answer_text(content.intent_for("out_of_scope"), content)
