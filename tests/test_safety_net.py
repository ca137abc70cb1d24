"""The SafetyNet component on a risk model trained from the real corpus (no Rasa model)."""

from __future__ import annotations

import pytest
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.safety.rasa_component import SafetyNet


@pytest.fixture(scope="module")
def net(tmp_path_factory) -> SafetyNet:
    storage = LocalModelStorage(tmp_path_factory.mktemp("storage"))
    component = SafetyNet({}, storage, Resource("safety"))
    ordinary = [
        Message(data={TEXT: text, INTENT: "what_is_attachment"})
        for text in ("wat is hechting", "hoe hecht een baby", "wat betekent veilige hechting")
    ]
    component.train(TrainingData(ordinary))
    return SafetyNet.load({}, storage, Resource("safety"), execution_context=None)


def decide(net: SafetyNet, text: str, ranking: list[tuple[str, float]]) -> Message:
    ranked = [{"name": name, "confidence": confidence} for name, confidence in ranking]
    message = Message(data={TEXT: text, INTENT: ranked[0], INTENT_RANKING_KEY: ranked})
    net.process([message])
    return message


def entity(message: Message, name: str):
    return next((e["value"] for e in message.get(ENTITIES) or [] if e["entity"] == name), None)


def test_the_model_survives_storage_and_a_disclosure_gets_the_crisis_reply(net) -> None:
    message = decide(net, "mijn vriend slaat de kinderen", [("signals", 0.95)])
    assert message.get(INTENT)["name"] == "safety_disclosure"
    assert entity(message, "danger_category") == "abuse"
    # set on every crisis, so the slot never keeps an earlier crisis's second line
    assert entity(message, "danger_also") is not None


def test_an_ordinary_question_gets_no_second_line(net) -> None:
    message = decide(net, "wat is hechting", [("what_is_attachment", 0.95)])
    assert entity(message, "danger_also") is None


def test_a_disclosure_in_the_middle_of_a_long_question_counts_fully(net) -> None:
    text = (
        "Onze peuter is erg aanhankelijk en wil steeds op schoot. Als ik wegga huilt ze heel hard. "
        "Haar vader slaat mij als hij gedronken heeft en zij ziet dat. "
        "Ik wil vooral weten of dat aanhankelijke normaal is."
    )
    message = decide(net, text, [("ambivalent_attachment", 0.8)])
    assert message.get(INTENT)["name"] == "safety_disclosure"


def test_an_ordinary_question_keeps_its_topic(net) -> None:
    message = decide(net, "wat is een veilige hechting precies", [("secure_attachment", 0.9)])
    assert message.get(INTENT)["name"] == "secure_attachment"
    assert entity(message, "danger_category") is None


def test_a_dying_baby_is_never_explained_away_as_an_idiom(net) -> None:
    # The old harmless-idiom list ("gaat dood") could drop this; now a pattern or the model wins.
    message = decide(
        net, "help mijn baby gaat dood, hij is helemaal slap en ademt niet", [("out_of_scope", 0.6)]
    )
    assert message.get(INTENT)["name"] == "safety_disclosure"
    assert entity(message, "danger_category") == "acute"


def test_an_unbacked_classifier_guess_becomes_a_check_in_under_the_next_topic(net) -> None:
    message = decide(
        net,
        "hoe praat je met kinderen over een scheiding",
        [("safety_disclosure", 0.5), ("family_living_conditions", 0.4)],
    )
    assert message.get(INTENT)["name"] == "family_living_conditions"
    assert entity(message, "risk_checkin") is not None


def test_a_child_asking_for_the_questionnaire_gets_the_childrens_line(net) -> None:
    message = decide(
        net,
        "ik ben 12 en mn broertje van 4 is heel druk, hoe help ik hem",
        [("worried_about_child", 0.8), ("signals", 0.15)],
    )
    assert message.get(INTENT)["name"] == "nlu_fallback"  # never the parent questionnaire
    assert entity(message, "danger_category") is None  # an everyday worry: no crisis reply
    assert entity(message, "risk_checkin") == "child_self"  # De Kindertelefoon under the answer


def test_a_childs_questionnaire_wish_falls_to_the_next_topic_when_it_fits(net) -> None:
    message = decide(
        net,
        "ik ben 12 en mn broertje van 4 is heel druk, hoe help ik hem",
        [("worried_about_child", 0.6), ("signals", 0.35)],
    )
    assert message.get(INTENT)["name"] == "signals" and entity(message, "risk_checkin") == "child_self"


def test_the_model_reads_ages_and_counts_alike_but_the_detector_still_sees_the_age() -> None:
    from bot.safety.detector import SafetyDetector, normalised
    from bot.safety.risk_model import model_view

    assert model_view("Ik ben 13, hij slaat me 3 keer") == model_view("ik ben 9, hij slaat me 12 keer")
    assert "112" in model_view("bel 112") and "0800-2000" in model_view("0800-2000")  # help lines stay
    assert SafetyDetector.child_writer(normalised(["ik ben 13"]))  # the child rows read the age as typed
