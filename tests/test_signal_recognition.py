"""Recognising which signal a parent's description resembles (bot/guided/signal_recognition.py)."""

from __future__ import annotations

import pytest

from bot.content.model import Content
from bot.guided.reading import find_signals
from bot.guided.signal_recognition import MIN_PROBABILITY, NO_SIGNAL, SignalRecogniser, recognise_signals


@pytest.fixture(scope="module")
def recogniser(content: Content) -> SignalRecogniser:
    return SignalRecogniser.train(content)


def test_every_signal_has_enough_examples_to_learn_from(content: Content) -> None:
    for signal in content.worry.signals:
        assert len(signal.examples) >= 20, f"{signal.id}: add descriptions in parents' words to worry.yml"


def test_the_examples_are_learned(recogniser: SignalRecogniser, content: Content) -> None:
    pairs = [(text, signal.id) for signal in content.worry.signals for text in signal.examples]
    assert len(pairs) >= 500
    right = sum(recogniser.guess(text)[0] == signal for text, signal in pairs)
    assert right / len(pairs) >= 0.9


def test_a_keyword_names_its_signal_without_the_classifier(content: Content) -> None:
    assert recognise_signals("mijn dochter spijbelt al weken", content) == ["behaviour_problems"]


@pytest.mark.parametrize(
    "text", ["wat is hechting eigenlijk?", "mijn zoon van 4 slaapt slecht", "ze eet geen groente"]
)
def test_a_question_or_an_everyday_matter_names_no_signal(recogniser: SignalRecogniser, text: str) -> None:
    label, probability = recogniser.guess(text)
    assert label == NO_SIGNAL or probability < MIN_PROBABILITY
    assert recogniser.recognise(text) == []


def test_crying_a_lot_is_no_keyword_for_sadness(content: Content) -> None:
    # A baby who cries a lot (teething, cramps) is an everyday matter; sadness needs more than that.
    found = find_signals(
        "ons kindje van 5 maanden huilt veel sinds de tandjes komen", content.worry.signals, by_number=False
    )
    assert "emotional_problems" not in found


def test_a_confident_guess_names_one_signal(recogniser: SignalRecogniser) -> None:
    found = recogniser.recognise("als ik even weg ben belt ze me steeds of ik wel terugkom")
    assert found == ["fear_of_abandonment"]


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("mijn zoon van 15 loopt steeds weg", "behaviour_problems"),  # a separable verb with an adverb
        ("ze is niet te troosten en wil me niet", "pushes_away"),
    ],
)
def test_a_keyword_of_several_words_allows_one_word_between(content: Content, text: str, signal: str) -> None:
    assert signal in find_signals(text, content.worry.signals, by_number=False)


def test_a_keyword_does_not_join_words_far_apart(content: Content) -> None:
    # "veel aandacht" (clingy) must not match across two words of another clause.
    found = find_signals("we hebben veel tijd en aandacht voor hem", content.worry.signals, by_number=False)
    assert "clingy" not in found


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        # the behaviours Bijzonder Jeugdwerk lists, in their everyday forms
        ("ze is vorige maand weer weggelopen", "behaviour_problems"),
        ("de buren klagen over overlast van hem", "behaviour_problems"),
        ("hij is zonder diploma van school af", "behaviour_problems"),
        # the other pages' behaviours: role reversal, no preference for the parent
        ("ze commandeert het hele gezin", "confusing_behaviour"),
        ("het maakt haar niet uit wie haar optilt", "no_preference"),
        ("hij loopt zo met vreemden mee", "no_preference"),
        ("hij laat zich troosten door iedereen behalve door mij", "pushes_away"),
        ("ze komt steeds kijken of ik er nog ben", "fear_of_abandonment"),
        ("hij zegt dat hij niks waard is", "little_trust"),
    ],
)
def test_a_behaviour_the_sources_name_is_found_by_its_words(content: Content, text: str, signal: str) -> None:
    assert signal in find_signals(text, content.worry.signals, by_number=False)
