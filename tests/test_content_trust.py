"""Content a family can trust: quotes real, claims backed, sources honest, routing neutral.

The content rules themselves run in test_content.py (check_content must be empty); here
each rule is shown to catch the mistake it exists for, and the product-level promises
(neutral help list, help-line numbers typed once, privacy text true) are checked.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.content import check, evidence, render
from bot.content.model import CONTENT_DIR, Content, Intent, load_content

CONTENT = load_content()
NJI = "nji_secure_attachment"
# A real sentence of that page, and a fragment of it.
REAL_QUOTE = "Als professional kun je sensitief gedrag van de ouder herkennen en bevorderen."


def _topic(**changes) -> Intent:
    base = CONTENT.by_intent()["repair"].dict()
    base.update(changes)
    return Intent(**base)


def _problems(item: Intent, content: Content) -> list:
    return check.check_intent(item, content)


def test_every_source_has_a_stored_copy_and_every_copy_a_source(content: Content) -> None:
    assert sorted(content.sources) == evidence.stored_sources()


def test_no_source_is_read_from_outside_the_project() -> None:
    assert evidence.SOURCES_DIR.is_relative_to(CONTENT_DIR)
    assert "shared" not in evidence.SOURCES_DIR.parts


def test_a_real_quote_passes(content: Content) -> None:
    item = _topic(
        answer="Een professional kan zien of je goed reageert.",
        more="Volgens het NJi kan een professional sensitief gedrag herkennen.",
        evidence=[
            {"claim": "Een professional kan zien", "source": NJI, "quote": REAL_QUOTE},
            {"claim": "kan een professional sensitief gedrag herkennen", "source": NJI, "quote": REAL_QUOTE},
        ],
        literature=[],
    )
    assert [p for p in _problems(item, content) if "evidence" in p or "quote" in p] == []
    assert item.answer_sources == [NJI] and item.detail_sources == [NJI]


@pytest.mark.parametrize(
    "quote, expected",
    [
        ("Een professional ziet altijd alles wat een ouder doet.", "quote not found"),
        (" ".join(["woord"] * 26), "quote of 26 words"),
    ],
)
def test_an_invented_or_long_quote_is_caught(quote: str, expected: str, content: Content) -> None:
    item = _topic(
        answer="Een professional kan helpen.",
        more="Een professional kan helpen.",
        evidence=[{"claim": "Een professional kan helpen", "source": NJI, "quote": quote}],
        literature=[],
    )
    assert any(expected in p for p in _problems(item, content))


def test_a_sentence_without_evidence_is_caught_but_a_question_is_not(content: Content) -> None:
    item = _topic(
        answer="Maak je je zorgen? Een professional kan helpen.\nHechting is altijd blijvend.",
        more="Een professional kan helpen.",
        evidence=[{"claim": "Een professional kan helpen", "source": NJI, "quote": REAL_QUOTE}],
        literature=[],
    )
    missing = [p for p in _problems(item, content) if "has no evidence" in p]
    assert len(missing) == 1 and "Hechting is altijd blijvend." in missing[0]


def test_a_claim_that_is_not_in_the_text_is_caught(content: Content) -> None:
    item = _topic(
        evidence=CONTENT.by_intent()["repair"].dict()["evidence"]
        + [{"claim": "deze zin staat nergens", "source": NJI, "quote": REAL_QUOTE}]
    )
    assert any("claim is not in the answer or detail" in p for p in _problems(item, content))


def test_copying_more_than_twelve_words_of_a_source_is_caught(content: Content) -> None:
    # The quote's 12 words and the source's next four: 16 in a row.
    copied = REAL_QUOTE + " Als de ouder dit wil, kan dat."
    item = _topic(
        more=copied,
        evidence=[
            {"claim": "Als professional kun je", "source": NJI, "quote": REAL_QUOTE},
        ]
        + CONTENT.by_intent()["repair"].dict()["evidence"],
        literature=[],
    )
    assert any("copies more than 12 words" in p for p in _problems(item, content))
    source = evidence.source_text(NJI)
    assert source is not None
    assert evidence.longest_copied_run(copied, source) == 16
    assert evidence.copied_run(REAL_QUOTE, source) is None  # 12 is allowed


def test_literature_must_be_named_by_a_cited_source(content: Content) -> None:
    item = _topic(literature=["Bowlby, 1969"])
    assert any("literature 'Bowlby, 1969'" in p for p in _problems(item, content))


def test_source_lines_name_only_the_sources_that_layer_uses(content: Content) -> None:
    item = _topic(
        answer="Een professional kan helpen.",
        more="Zulke interventies kunnen een onveilige band veilig maken.",
        evidence=[
            {"claim": "Een professional kan helpen", "source": NJI, "quote": REAL_QUOTE},
            {
                "claim": "Zulke interventies kunnen",
                "source": "nji_risk_factors_pdf",
                "quote": "Zulke interventies kunnen van een onveilige gehechtheidsrelatie een veilige maken.",
            },
        ],
        literature=[],
    )
    answer = render.answer_text(item, content)
    detail = render.more_text(item, content)
    pdf_title = content.sources["nji_risk_factors_pdf"].title
    assert content.sources[NJI].title in answer and pdf_title not in answer
    assert pdf_title in detail and content.sources[NJI].url not in detail


@pytest.mark.parametrize(
    "text",
    [
        "Bel 0800-2000.",
        "Bel dan 112.",
        "Bel 113 of 0800-0113",
        "Telefoon: 0493-327506.",
    ],
)
def test_a_typed_phone_number_is_caught(text: str, tmp_path: Path) -> None:
    (tmp_path / "messages.yml").write_text(yaml.safe_dump({"messages": {"x": text}}))
    assert check.check_helpline_literals(tmp_path)


def test_help_line_names_are_not_mistaken_for_numbers(tmp_path: Path) -> None:
    text = "Praat met 113 Zelfmoordpreventie: bel <suicide_prevention> of chat op 113.nl."
    (tmp_path / "messages.yml").write_text(yaml.safe_dump({"messages": {"x": text}}))
    assert check.check_helpline_literals(tmp_path) == []


def test_help_line_numbers_come_from_helplines_yml(content: Content) -> None:
    """Every number a user reads is the one in helplines.yml (typed once)."""
    texts = [render.answer_text(t, content) for t in content.intents]
    texts += list(content.safety.replies.values()) + list(content.messages.values())
    joined = "\n".join(texts)
    for line in content.helplines.values():
        for number in re.findall(r"\d[\d-]{2,}", line.number):
            assert number in joined
    assert "<" not in joined.replace("<br>", "")  # no placeholder left unfilled


def test_no_provider_phone_number_anywhere(content: Content) -> None:
    """Neutral routing: one provider's regional landline is not a public help line."""
    texts = [render.answer_text(t, content) + render.more_text(t, content) for t in content.intents]
    texts += [i.line for i in content.worry.interventions] + list(content.worry.where_to_go.values())
    assert not any("0493" in text for text in texts)


def test_about_bot_states_the_real_retention_period(content: Content) -> None:
    from bot.privacy.retention import DEFAULT_RETENTION_DAYS

    about = content.by_intent()["about_bot"]
    assert f"{DEFAULT_RETENTION_DAYS} dagen" in about.answer
    assert f"{DEFAULT_RETENTION_DAYS} dagen" in about.more
    # What it tells people to type must be a trained way to ask for deletion.
    found = re.search(r'Typ "([^"]+)"', about.answer)
    assert found, "the answer tells how to ask for deletion"
    typed = found.group(1)
    forget = content.by_intent()["forget_me"]
    assert any(check.normalise(typed) in check.normalise(e) for e in forget.examples)


def test_every_topic_file_has_a_review_date(content: Content) -> None:
    assert all(t.reviewed is not None for t in content.topics)
