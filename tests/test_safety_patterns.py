"""The deterministic layer alone (no model, no spaCy): unambiguous wordings only.

These are development cases written for the patterns; the blind figures come from
tests/safety/ (docs/safety.md).
"""

from __future__ import annotations

import re

import pytest

from bot.language.sentences import reading_units
from bot.safety.detector import _RULES, SafetyDetector, normalised
from bot.safety.patterns import (
    ACUTE_CUES,
    CHILD_WRITER,
    EMERGENCY_NOW,
    MENTIONS,
    PATTERNS,
    SUICIDE_CUES,
    UNLESS,
)


@pytest.fixture(scope="module")
def detector() -> SafetyDetector:
    return SafetyDetector()


def category(detector: SafetyDetector, text: str):
    found = detector.detect(normalised(reading_units(text)))
    return found.category if found else None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("mijn vriend slaat mij en de kinderen", "abuse"),
        ("Mijn man SLOEG onze dochter gisteren", "abuse"),
        ("de kinderen worden thuis geslagen door hun stiefvader", "abuse"),
        ("ik wil dood", "suicide"),
        # Softeners between "wil" and the wish, from a closed list.
        ("sorry maar ik wil soms gewoon dood", "suicide"),
        ("ik wil er eigenlijk niet meer zijn", "suicide"),
        ("ik denk aan zelfmoord sinds de bevalling", "suicide"),
        ("ik snij mezelf als het thuis misgaat", "suicide"),
        # The reflexive "me"/"mij" and "verhangen" are as plain as "mezelf ophangen".
        ("ik ga me ophangen als hij weggaat", "suicide"),
        ("ik wil mij verhangen in de schuur", "suicide"),
        ("ik wil mezelf unaliven", "suicide"),
        ("ik ben zo bang dat ik mijn baby iets aandoe", "harm_urge"),
        ("ik heb haar door elkaar geschud en nu is ze zo stil", "harm_happened"),
        # Plural and "onze": the parent's fear is about the children, not about themselves.
        ("soms ben ik bang dat ik onze kinderen iets aandoe als ze blijven gillen", "harm_urge"),
        ("ik ben echt bang dat ik de kleine ga schudden vannacht", "harm_urge"),
        ("ik heb de baby geschud toen hij maar bleef huilen", "harm_happened"),
        ("mijn vader slaat me als ik huil", "child_self"),
        ("ik word thuis steeds geslagen", "child_self"),
        ("hij staat met een mes in de gang", "acute"),
        ("help hij slaat haar nu", "acute"),
        ("mijn dochter ademt niet meer", "acute"),
        # A child of one's own who is gone or taken.
        ("mijn zoontje van 3 is vermist op het strand", "acute"),
        ("onze dochter is al kwijt sinds de markt", "acute"),
        ("mijn kleinzoon is door zijn vader ontvoerd", "acute"),
        ("Mijn zoon is twee. Hij is lief. Mijn vriend slaat hem. Is dat slecht voor de hechting?", "abuse"),
        # "vroeger" sets only the past tense aside: violence now stays unambiguous
        ("vroeger was hij zo lief, maar mijn man slaat mij tegenwoordig elke week", "abuse"),
        # ...and the past stays unambiguous when the message says it is happening again or still
        ("mijn vader sloeg ons vroeger en vorige week sloeg hij mijn kleine ook", "abuse"),
        ("mijn ex sloeg mij jaren geleden en sinds hij terug is gebeurt het weer", "abuse"),
        # Punishing with a fist or an object, however it is framed.
        ("opa straft hem nog ouderwets met de broekriem, mag dat van jullie?", "abuse"),
        ("als hij niet luistert krijgt hij bij ons de pollepel, kan dat kwaad?", "abuse"),
    ],
)
def test_unambiguous_wordings(detector, text, expected) -> None:
    assert category(detector, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "is mishandeling een risicofactor voor hechting?",
        "ik ga me dood vervelen",
        # anger at someone, or the opposite wish: not the closed list of softeners
        "ik wil die mug dood hebben",
        "ik wil echt niet dood, ik ben alleen moe",
        "mijn zoon slaat de bal hard weg",
        "wat doet Veilig Thuis",
        "ik sla deze vraag over",
        "mijn peuter slaat andere kinderen op de opvang",
        "mijn dochter is haar knuffel kwijt en huilt",
        "mijn zoon is de weg kwijt sinds de scheiding",
        "in het boek wordt een kind ontvoerd, is dat eng voor een kleuter?",
        "mijn dochter slaat soms met deuren",
        "de prik deed pijn en hij huilde de hele middag",
        "ik was doodmoe en heb een keer geschreeuwd",
        "hij slaat met zijn vuist op tafel als hij boos is",
        "we geven de hond de riem en gaan wandelen",
        "als hij boos is slaat hij met zijn vuisten op zijn kussen tot hij moe is",
        "ze slaat met een stok tegen de struiken op zoek naar de bal",
        # A bare "hij slaat me" next to the writer's own young child: the toddler, most likely.
        "onze dochter is twee. ze slaat me als ze moe is en bijt soms",
        "mijn zoontje van 4 wordt woest en hij slaat mij dan in mijn gezicht",
        "hij slaat me steeds, hij is een peuter van 2 en zit in de koppigheidsfase",
        "mn zoon van 4 is jaloers op de baby en hij slaat mij als ik haar voed",
        # ...also a grandchild, or an age told in months
        "ons kleinkind is 3 en logeert vaak, hij slaat mij als hij naar huis moet",
        "ik pas op een kindje van 20 maanden. ze slaat me als ik haar jas aantrek",
        # a parent's own history, placed long ago: the model decides whether anything happens now
        "mijn vader sloeg ons vroeger, nu wil ik het zelf anders doen met mijn kinderen",
        "ik ben opgegroeid met een moeder die mij sloeg en ben bang dat ik koud reageer op mijn baby",
    ],
)
def test_everyday_words_are_left_to_the_model(detector, text) -> None:
    assert detector.detect(normalised(reading_units(text))) is None


def test_a_bare_pronoun_hitting_the_writer_is_still_danger_without_a_young_child(detector) -> None:
    assert category(detector, "hij slaat mij als hij gedronken heeft") == "abuse"
    # A named adult is unambiguous even with a toddler in the message.
    assert category(detector, "mijn man slaat me, onze zoon van 2 ziet het") == "abuse"
    # A baby of a few months cannot hit: the pronoun is an adult.
    assert category(detector, "hij slaat me, onze zoon van 3 maanden ligt dan te huilen") == "abuse"
    assert category(detector, "ze slaat mij sinds mijn dochter 10 maanden geleden geboren is") == "abuse"


def test_a_disclosure_deep_in_a_very_long_message_is_found(detector) -> None:
    filler = "Ze is vaak blij en speelt graag met blokken. " * 400
    text = filler + "Mijn vriend slaat mij als hij drinkt. " + filler
    assert category(detector, text) == "abuse"


def test_patterns_are_linear_time_and_literal_backslashes_are_not_doubled() -> None:
    everything = [rule for rules in PATTERNS.values() for rule in rules]
    everything += [
        ACUTE_CUES,
        EMERGENCY_NOW,
        MENTIONS,
        CHILD_WRITER,
        SUICIDE_CUES,
        *(rule for row in UNLESS for rule in row if rule),
    ]
    for rule in everything:
        assert ".*" not in rule and ".+" not in rule, rule  # no unbounded gaps between word groups
        assert "\\\\" not in rule, rule  # a doubled backslash matches a literal backslash
    assert len(_RULES) == len([r for rules in PATTERNS.values() for r in rules])  # compiled once


def test_cues(detector) -> None:
    assert detector.has_acute_cue(["hij heeft een mes"]) and not detector.has_acute_cue(["hij is boos"])
    assert detector.has_acute_cue(["ons zoontje is vermist op het strand"])
    assert not detector.has_acute_cue(["ze is op de opvang nergens bang voor"])
    # the search for a child who is gone, as parents tell it
    assert detector.has_acute_cue(["we hebben het hele park afgezocht"])
    assert detector.has_acute_cue(["ze is uit school niet thuisgekomen"])
    assert detector.has_acute_cue(["hij is niet meer terug gekomen van het voetbalveld"])
    assert not detector.has_acute_cue(["ik heb overal informatie gezocht over hechting"])
    # row 4's cues: an emergency happening now, never a weapon alone
    assert detector.has_emergency_now(["hij ademt niet meer"])
    assert detector.has_emergency_now(["we hebben het hele park afgezocht"])
    assert not detector.has_emergency_now(["hij droomt over een man met een mes"])
    assert detector.has_acute_cue(["hij droomt over een man met een mes"])
    assert detector.mentioned_term(["is mishandeling een risicofactor"]) == "mishandeling"
    assert detector.mentioned_term(["wat is hechting"]) is None


@pytest.mark.parametrize(
    "text, child",
    [
        ("ik ben 13 en mijn moeder schreeuwt de hele dag", True),
        ("ik ben 14 jaar", True),
        ("ik ben 8 maanden zwanger", False),
        ("ik ben 15 jaar moeder van een zoon", False),
        ("ik ben 34 en heb twee kinderen", False),
    ],
)
def test_a_child_writer_is_recognised_by_a_stated_age(detector, text, child) -> None:
    assert detector.child_writer(normalised([text])) is child
    assert re.search(CHILD_WRITER, "ik ben 12") is not None


@pytest.mark.parametrize(
    "text, named",
    [
        ("ik pas op mijn broertje en word zo boos als hij huilt", True),
        ("sinds de bevalling ben ik bang dat ik de baby iets aandoe", True),
        ("ik ben 16, heb een zoon van 5 maanden en word zo boos als hij huilt", True),
        ("ik ben 17 en mn dochter krijst de hele nacht, ik ben bang dat ik iets doe", True),
        ("ik ben 15 en ik wil mezelf pijn doen", False),
        ("mijn moeder slaat me", False),
        ("ik ben 14 en mijn vader schreeuwt al maanden tegen me", False),
    ],
)
def test_a_baby_or_younger_child_in_the_message_is_recognised(detector, text, named) -> None:
    assert detector.names_young_child(normalised([text])) is named


@pytest.mark.parametrize(
    "text, named",
    [
        ("mijn zwager praat erover om zichzelf van kant te maken", True),
        ("soms denk ik erover om mezelf wat aan te doen", True),
        ("ik wil mijn man gewoon achterna gaan sinds hij er niet meer is", True),
        ("zij heeft vorig jaar een poging gedaan en nu gaat het weer slecht", True),
        ("hij zei dat hij voor de trein gaat springen", True),
        ("mijn tante is overleden door zelfdoding", True),
        # the same words used for everyday things
        ("mijn dochter loopt me overal achterna, ook naar de wc", False),
        ("hij doet een poging om zelf zijn schoenen aan te trekken", False),
        ("ze springt graag van de bank af op de kussens", False),
        ("ik heb mezelf voorgenomen om vaker met hem te spelen", False),
    ],
)
def test_suicide_or_self_harm_is_recognised_when_named(detector, text, named) -> None:
    assert detector.has_suicide_cue(normalised([text])) is named
