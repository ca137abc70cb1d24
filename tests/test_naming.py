"""The words that name a pattern topic (bot/content/naming.py): matching and the check."""

from __future__ import annotations

import pytest

from bot.content.model import Content
from bot.content.naming import check_naming, names_topic
from tests.content_variants import with_topic


def test_the_shipped_declarations_pass_the_check(content: Content) -> None:
    assert check_naming(content) == []
    assert {t.intent for t in content.topics if t.behaviour_reply_unless_named} >= {
        "avoidant_attachment",
        "ambivalent_attachment",
        "disorganised_attachment",
    }


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("de jeugdarts noemde haar vermijdend gehecht", True),
        ("is dat VERMIJDENDE hechting?", True),
        ("ze is onvermijdelijk moe na school", False),  # a word's start only
        ("ze wil nooit getroost worden", False),
    ],
)
def test_a_naming_word_matches_from_a_words_start(content: Content, text: str, named: bool) -> None:
    assert names_topic(text, content.by_intent()["avoidant_attachment"]) is named


@pytest.mark.parametrize("word", ["Vermijd", "drie woorden hier", "ab"])
def test_a_badly_shaped_word_is_reported(content: Content, word: str) -> None:
    broken = with_topic(content, "avoidant_attachment", behaviour_reply_unless_named=["vermijd", word])
    assert any(f"naming word '{word}'" in p for p in check_naming(broken))


def test_words_that_do_not_name_the_topic_itself_are_reported(content: Content) -> None:
    broken = with_topic(content, "avoidant_attachment", behaviour_reply_unless_named=["ambivalen"])
    assert any("names the topic in its title or answer" in p for p in check_naming(broken))


def test_only_a_topic_answered_by_its_response_may_declare_them(content: Content) -> None:
    broken = with_topic(
        content,
        "avoidant_attachment",
        behaviour_reply_unless_named=["vermijd"],
        answered_by="action_more_info",
    )
    assert any("needs a topic answered by its response" in p for p in check_naming(broken))
