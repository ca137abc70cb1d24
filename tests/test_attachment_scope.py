"""A message that names attachment is not out of scope (bot/language/scope_component.py)."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.content.model import load_content
from bot.language.scope_component import AttachmentInScope, names_attachment, without_intent

OUT = load_content().intent_for("out_of_scope").intent


@pytest.mark.parametrize(
    "text",
    [
        "Is flesvoeding slechter voor de hechting dan de borst?",
        "zijn er hechtingsproblemen door een verhuizing",
        "wat zegt onderzoek over gehechtheid bij tweelingen",
        "Hechting en kinderopvang: hoeveel dagen is te veel?",
    ],
)
def test_the_nouns_name_attachment(text: str) -> None:
    assert names_attachment(text)


@pytest.mark.parametrize(
    "text",
    [
        "de hechtingen van zijn knie mogen er volgende week uit",  # stitches
        "kun je een wondje zelf hechten met strips?",  # the verb: stitching
        "hoe hecht ik een badge op zijn schooltas",  # the verb: sewing on
        "hij is erg gehecht aan zijn knuffelkonijn, mag die in de wasmachine?",
    ],
)
def test_stitches_sewing_and_toys_do_not(text: str) -> None:
    assert not names_attachment(text)


def ranked(*pairs: tuple[str, float]) -> list[dict]:
    return [{"name": name, "confidence": confidence} for name, confidence in pairs]


def message(text: str, ranking: list[dict]) -> Message:
    return Message(data={TEXT: text, INTENT: dict(ranking[0]), INTENT_RANKING_KEY: ranking})


def test_out_of_scope_gives_way_to_the_next_topic_when_attachment_is_named() -> None:
    m = message(
        "is flesvoeding slecht voor de hechting",
        ranked((OUT, 0.6), ("protective_factors", 0.3), ("repair", 0.1)),
    )
    AttachmentInScope(OUT).process([m])
    assert m.get(INTENT)["name"] == "protective_factors"
    assert m.get(INTENT)["confidence"] == pytest.approx(0.75)
    assert [e["name"] for e in m.get(INTENT_RANKING_KEY)] == ["protective_factors", "repair"]


def test_out_of_scope_stays_without_the_noun_or_without_another_guess() -> None:
    plain = message(
        "hoeveel flesvoeding krijgt een baby van drie maanden", ranked((OUT, 0.9), ("repair", 0.1))
    )
    alone = message("hechting", ranked((OUT, 1.0)))
    AttachmentInScope(OUT).process([plain, alone])
    assert plain.get(INTENT)["name"] == OUT
    assert alone.get(INTENT)["name"] == OUT


def test_a_topic_guess_is_left_alone() -> None:
    m = message("wat is hechting", ranked(("what_is_attachment", 0.5), (OUT, 0.4)))
    AttachmentInScope(OUT).process([m])
    assert m.get(INTENT)["name"] == "what_is_attachment"
    assert len(m.get(INTENT_RANKING_KEY)) == 2


def test_without_intent_renormalises() -> None:
    rest = without_intent(ranked(("a", 0.5), ("b", 0.25), ("c", 0.25)), "a")
    assert [round(e["confidence"], 3) for e in rest] == [0.5, 0.5]
    assert without_intent(ranked(("a", 1.0)), "a") == []
