"""The deterministic safety layer on its own (no trained model): clear cases per category.

These are the pattern-development cases; the held-out set is tests/safety/.
"""
from __future__ import annotations

import pytest
import spacy

from bot.language.pipeline import build_local_pipeline
from bot.safety.detector import SafetyDetector


@pytest.fixture(scope="module")
def nlp(tmp_path_factory):
    return spacy.load(build_local_pipeline(tmp_path_factory.mktemp("nl") / "pipeline"))


@pytest.fixture(scope="module")
def detector():
    return SafetyDetector()


@pytest.mark.parametrize("text, category", [
    ("mijn vriend slaat mij en de kinderen", "abuse"),
    ("ik denk dat de buurjongen thuis geslagen wordt", "abuse"),
    ("ik wil niet meer leven", "suicide"),
    ("soms denk ik aan zelfmoord", "suicide"),
    ("ik ben bang dat ik mijn baby iets aandoe", "harm_baby"),
    ("ik heb haar door elkaar geschud toen ze bleef huilen", "harm_baby"),
    ("mijn papa slaat me als ik huil", "child_self"),
    ("ik word thuis geslagen", "child_self"),
    ("hij staat met een mes in de keuken", "acute"),
    ("help hij slaat haar nu", "acute"),
    ("Mijn man SLOEG onze dochter gisteren", "abuse"),  # past tense via the lemma
    ("als logopedist zie ik bij een peuter blauwe plekken die niet bij de uitleg van de moeder passen", "abuse"),
    ("de juf ziet steeds letsel dat niet klopt met wat vader vertelt", "abuse"),
    ("onverklaarbare verwondingen bij een baby van 5 maanden, wat nu", "abuse"),
    ("het buurmeisje is al dagen alleen thuis, haar ouders zijn nergens", "abuse"),
    ("mijn zus wordt door haar vriend opgesloten in huis", "abuse"),
    ("soms denk ik dat ik hem tegen de muur ga gooien als hij blijft krijsen", "harm_baby"),
])
def test_clear_disclosures_are_caught(nlp, detector, text, category) -> None:
    detection = detector.detect(nlp(text.lower()))
    assert detection is not None and detection.category == category


@pytest.mark.parametrize("text", [
    "is mishandeling een risicofactor voor hechting?", "ik ga me dood vervelen",
    "mijn zoon slaat de bal hard weg", "wat doet Veilig Thuis", "ik sla deze vraag over",
    "hoe beïnvloedt verwaarlozing de hechting", "mijn dochter slaat soms met deuren",
    "mijn zoon heeft een breuk die niet goed geneest", "mijn dochter wil haar knuffel tegen de muur gooien",
    "is mijn zoon van 12 oud genoeg om een middag alleen thuis te zijn", "de uitleg van de juf past niet bij zijn leeftijd",
])
def test_ordinary_sentences_are_left_alone(nlp, detector, text) -> None:
    assert detector.detect(nlp(text.lower())) is None


def test_a_mention_is_noted_for_the_footnote(nlp, detector) -> None:
    assert detector.mentioned_term(nlp("is mishandeling een risicofactor")) == "mishandeling"
    assert detector.mentioned_term(nlp("wat is hechting")) is None


def test_category_cues(nlp, detector) -> None:
    assert detector.categorize(nlp("het gaat echt niet goed thuis")) == "general"
    assert detector.categorize(nlp("het gaat echt niet goed thuis"), "abuse") == "abuse"
    assert detector.categorize(nlp("ik wil dood")) == "suicide"
    assert detector.categorize(nlp("hij slaat haar, nu, met een riem"), "abuse") == "acute"
    assert detector.categorize(nlp("ik ben 11 en mijn vader slaat me"), "abuse") == "child_self"
    assert detector.categorize(nlp("ik heb hem te hard neergelegd")) == "harm_baby"
    assert detector.categorize(nlp("ik word thuis geslagen"), "child_self") == "child_self"
