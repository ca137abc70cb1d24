"""The question of a long message counts as much as its story (bot/language/question_focus.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.content.model import load_content
from bot.language.focus_component import QuestionFocus
from bot.language.question_focus import ALSO_ASKED, QUESTION_TOPIC, asks, question_sentences


@pytest.mark.parametrize(
    "sentence",
    [
        "Is dat normaal?",
        "hoe kan ik haar helpen",
        "en wat kan ik daar zelf aan doen",
        "Mijn vraag: werkt dat ook bij pubers",
    ],
)
def test_a_sentence_that_asks(sentence: str) -> None:
    assert asks(sentence)


@pytest.mark.parametrize("sentence", ["Hij is drie.", "Sinds de verhuizing huilt hij veel.", "ik ben zo moe"])
def test_a_sentence_that_tells(sentence: str) -> None:
    assert not asks(sentence)


def test_the_questions_of_a_long_story_are_found() -> None:
    story = "Mijn zoon is 3. Sinds de verhuizing huilt hij veel. Oma past vaak op. Is dat normaal?"
    assert question_sentences(story) == ["Is dat normaal?"]


def test_without_a_question_the_last_sentence_is_taken() -> None:
    assert question_sentences("Ze is 2. Ze slaapt slecht. Ik weet het niet meer.") == [
        "Ik weet het niet meer."
    ]


def test_a_short_message_is_its_own_question() -> None:
    assert question_sentences("Hij is 3. Is dat normaal?") == []


EXAMPLES = {
    "moving": [
        "we zijn verhuisd",
        "sinds de verhuizing",
        "de verhuisdozen staan nog",
        "nieuw huis en nieuwe buurt",
    ],
    "comfort": [
        "hoe troost ik mijn kind",
        "wat helpt bij troosten",
        "troosten lukt niet",
        "hoe kan ik haar troosten",
    ],
}


def trained(tmp_path: Path, weight: float) -> QuestionFocus:
    data = TrainingData(
        [Message(data={TEXT: text, INTENT: intent}) for intent, texts in EXAMPLES.items() for text in texts]
    )
    component = QuestionFocus(
        {"weight": weight, "temperature_folds": 2}, LocalModelStorage(tmp_path), Resource("focus")
    )
    component.train(data)
    return QuestionFocus.load({"weight": weight}, LocalModelStorage(tmp_path), Resource("focus"), None)


def classified_as_story(text: str) -> Message:
    """What the whole-message classifier said: the story's topic."""
    message = Message(data={TEXT: text})
    ranking = [{"name": "moving", "confidence": 0.8}, {"name": "comfort", "confidence": 0.2}]
    message.set(INTENT, ranking[0])
    message.set(INTENT_RANKING_KEY, ranking)
    return message


def test_the_question_outweighs_the_story(tmp_path: Path) -> None:
    text = "We zijn verhuisd. Het nieuwe huis is groot. De verhuisdozen staan nog. Hoe kan ik haar troosten?"
    [message] = trained(tmp_path, 0.5).process([classified_as_story(text)])
    assert message.get(INTENT)["name"] == "comfort"
    assert message.get(INTENT_RANKING_KEY)[0] == message.get(INTENT)


def test_weight_zero_leaves_the_ranking_as_it_was(tmp_path: Path) -> None:
    text = "We zijn verhuisd. Het nieuwe huis is groot. De verhuisdozen staan nog. Hoe kan ik haar troosten?"
    [message] = trained(tmp_path, 0.0).process([classified_as_story(text)])
    assert message.get(INTENT)["name"] == "moving"


def test_a_short_message_passes_untouched(tmp_path: Path) -> None:
    [message] = trained(tmp_path, 0.5).process([classified_as_story("Hoe kan ik haar troosten?")])
    assert message.get(INTENT)["name"] == "moving"
    assert message.get(QUESTION_TOPIC) is None


def test_the_question_sentences_own_topic_is_kept_for_the_unclear_message_action(tmp_path: Path) -> None:
    # Even with weight 0 (the ranking unchanged), what the question asks on its own is kept:
    # actions/unclear_message.py answers a topic that the story and the question agree on.
    text = "We zijn verhuisd. Het nieuwe huis is groot. De verhuisdozen staan nog. Hoe kan ik haar troosten?"
    [message] = trained(tmp_path, 0.0).process([classified_as_story(text)])
    asked = message.get(QUESTION_TOPIC)
    assert asked["name"] == "comfort" and 0.5 < asked["confidence"] <= 1.0


TWO_TOPICS = {
    "adoption": ["hechting bij adoptie", "ons geadopteerde kind", "adoptiekind en hechting", "na de adoptie"],
    "continuity": ["steeds andere juffen", "wisselende opvoeders", "vaste verzorgers", "veel wisselingen"],
}


def trained_on_topics(tmp_path: Path, examples: dict[str, list[str]] = TWO_TOPICS) -> QuestionFocus:
    data = TrainingData(
        [Message(data={TEXT: t, INTENT: intent}) for intent, texts in examples.items() for t in texts]
    )
    component = QuestionFocus({"temperature_folds": 2}, LocalModelStorage(tmp_path), Resource("focus"))
    component.train(data)
    return QuestionFocus.load({}, LocalModelStorage(tmp_path), Resource("focus"), None)


def classified(text: str, intent: str) -> Message:
    message = Message(data={TEXT: text})
    message.set(INTENT, {"name": intent, "confidence": 0.7})
    message.set(INTENT_RANKING_KEY, [{"name": intent, "confidence": 0.7}])
    return message


def test_a_second_question_on_another_topic_is_kept_for_a_button(tmp_path: Path) -> None:
    focus = trained_on_topics(tmp_path)
    text = "Hoe zit het met hechting bij adoptie? En is het erg als er steeds andere juffen zijn?"
    [message] = focus.process([classified(text, "adoption")])
    assert message.get(ALSO_ASKED)["name"] == "continuity"
    # the entity that fills the slot answer_footnote, so the footnote action runs
    assert [(e["entity"], e["value"]) for e in message.get(ENTITIES)] == [("also_asked", "continuity")]


def test_one_question_or_two_on_the_same_topic_offer_nothing_more(tmp_path: Path) -> None:
    focus = trained_on_topics(tmp_path)
    one = classified("Hoe zit het met hechting bij adoptie?", "adoption")
    same = classified("Hoe gaat hechting na de adoptie? En bij ons geadopteerde kind?", "adoption")
    focus.process([one, same])
    assert one.get(ALSO_ASKED) is None and same.get(ALSO_ASKED) is None
    assert not one.get(ENTITIES) and not same.get(ENTITIES)


def test_a_closing_follow_up_phrase_does_not_outvote_the_story(tmp_path: Path) -> None:
    """ "Wat kan ik doen?" at the end of a story is about that story, not a follow-up to an
    earlier answer: the question sentence's guess for a context-only intent is dropped."""
    own_action = load_content().intent_for("own_action").intent
    examples = {
        "moving": EXAMPLES["moving"],
        own_action: ["wat kan ik doen", "wat kan ik daaraan doen", "wat moet ik doen", "hoe pak ik dat aan"],
    }
    data = TrainingData([Message(data={TEXT: t, INTENT: i}) for i, texts in examples.items() for t in texts])
    component = QuestionFocus({"temperature_folds": 2}, LocalModelStorage(tmp_path), Resource("focus"))
    component.train(data)
    focus = QuestionFocus.load({}, LocalModelStorage(tmp_path), Resource("focus"), None)
    text = "We zijn verhuisd. Het nieuwe huis is groot. De verhuisdozen staan nog. Wat kan ik doen?"
    assert own_action not in (focus.focus(text) or {})
    message = Message(data={TEXT: text})
    ranking = [{"name": "moving", "confidence": 0.6}, {"name": "comfort", "confidence": 0.4}]
    message.set(INTENT, ranking[0])
    message.set(INTENT_RANKING_KEY, ranking)
    [message] = focus.process([message])
    assert message.get(INTENT)["name"] == "moving"


STORY_AND_TOPIC = {
    "adoption": ["hechting bij adoptie", "ons geadopteerde kind", "adoptiekind en hechting", "na de adoptie"],
    "worried_about_child": [
        "ze duwt me weg",
        "hij slaat en schopt",
        "ze klampt zich vast",
        "hij gilt bij de deur",
    ],
}


def told_as_behaviour(text: str) -> Message:
    """The whole-message classifier's verdict on a story about what the child does."""
    message = Message(data={TEXT: text})
    ranking = [
        {"name": "worried_about_child", "confidence": 0.6},
        {"name": "adoption", "confidence": 0.4},
    ]
    message.set(INTENT, ranking[0])
    message.set(INTENT_RANKING_KEY, ranking)
    return message


def test_a_story_about_behaviour_answered_with_a_topic_offers_the_walk_through(tmp_path: Path) -> None:
    """The question's weight makes the topic the answer; the walk-through the story pointed
    to comes as the other question's button."""
    focus = trained_on_topics(tmp_path, STORY_AND_TOPIC)
    text = (
        "Ze duwt me weg. Ze gilt bij de deur. Ze klampt zich vast. Heeft de adoptie invloed op de hechting?"
    )
    assert (focus.focus(text) or {}).get("adoption", 0.0) >= 0.5
    [message] = focus.process([told_as_behaviour(text)])
    ranking = message.get(INTENT_RANKING_KEY)
    assert message.get(INTENT)["name"] == "adoption" == ranking[0]["name"]
    assert message.get(ALSO_ASKED)["name"] == "worried_about_child"
    assert [(e["entity"], e["value"]) for e in message.get(ENTITIES)] == [
        ("also_asked", "worried_about_child")
    ]


def test_a_story_about_behaviour_that_asks_about_the_behaviour_stays_with_the_walk_through(
    tmp_path: Path,
) -> None:
    focus = trained_on_topics(tmp_path, STORY_AND_TOPIC)
    text = "Na de adoptie ging het goed. Ons geadopteerde kind is nu 4. Waarom duwt ze me weg en gilt ze?"
    assert (focus.focus(text) or {}).get("adoption", 0.0) < 0.5
    [message] = focus.process([told_as_behaviour(text)])
    assert message.get(INTENT)["name"] == "worried_about_child"
    assert message.get(ALSO_ASKED) is None
