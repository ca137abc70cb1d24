"""The SafetyNet component's decisions on a classifier's ranking (no trained model)."""
from __future__ import annotations

from typing import List, Tuple

import pytest
import spacy
from rasa.nlu.constants import SPACY_DOCS
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.language.pipeline import build_local_pipeline
from bot.safety.rasa_component import SafetyNet


@pytest.fixture(scope="module")
def nlp(tmp_path_factory):
    return spacy.load(build_local_pipeline(tmp_path_factory.mktemp("nl") / "pipeline"))


def decide(nlp, text: str, ranking: List[Tuple[str, float]]) -> str:
    ranked = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    message = Message(data={TEXT: text, INTENT: ranked[0], INTENT_RANKING_KEY: ranked})
    message.set(SPACY_DOCS[TEXT], nlp(text.lower()))
    SafetyNet({}).process([message])
    return message.get(INTENT)["name"]


def test_second_guess_with_a_danger_cue_gets_the_safety_reply(nlp) -> None:
    text = "hoe stop ik met knijpen als mijn peuter niet luistert"
    assert decide(nlp, text, [("stop", 0.55), ("safety_disclosure", 0.3), ("mentalising", 0.05)]) \
        == "safety_disclosure"


def test_unlikely_second_guess_is_left_alone(nlp) -> None:
    text = "hoe stop ik met knijpen als mijn peuter niet luistert"
    assert decide(nlp, text, [("stop", 0.85), ("safety_disclosure", 0.05), ("mentalising", 0.05)]) == "stop"


def test_second_guess_without_a_danger_cue_is_left_alone(nlp) -> None:
    text = "is het erg als ik mijn baby even laat huilen"
    assert decide(nlp, text, [("signals", 0.6), ("safety_disclosure", 0.35)]) == "signals"


def test_classifier_alone_needs_confidence_without_a_cue(nlp) -> None:
    text = "is het erg als ik mijn baby even laat huilen"
    assert decide(nlp, text, [("safety_disclosure", 0.5), ("signals", 0.4)]) == "signals"
    assert decide(nlp, text, [("safety_disclosure", 0.9), ("signals", 0.05)]) == "safety_disclosure"


def test_a_pattern_wins_whatever_the_classifier_says(nlp) -> None:
    assert decide(nlp, "mijn vriend slaat de kinderen", [("signals", 0.95), ("safety_disclosure", 0.01)]) \
        == "safety_disclosure"


def test_a_young_child_hitting_is_a_question_not_a_disclosure(nlp) -> None:
    text = "mijn dochter van 4 slaat haar broertje, is dat een hechtingsprobleem"
    assert decide(nlp, text, [("safety_disclosure", 0.52), ("signals", 0.4)]) == "signals"


def test_an_adult_hitting_a_young_child_stays_a_disclosure(nlp) -> None:
    text = "de nieuwe vriend van de moeder van mijn kind van 3 slaat hem"
    assert decide(nlp, text, [("safety_disclosure", 0.52), ("signals", 0.4)]) == "safety_disclosure"
