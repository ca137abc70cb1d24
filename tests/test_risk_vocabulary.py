"""The list of words the risk model knows only from disclosures (bot/safety/vocabulary.py)."""

from __future__ import annotations

from bot.safety.vocabulary import disclosure_only_words


def test_a_word_seen_only_in_disclosures_is_listed_with_its_count() -> None:
    texts = ["hij heeft pillen opgezocht", "pillen liggen klaar", "ik heb pillen gespaard", "wat is hechting"]
    labels = ["suicide_adult", "suicide_adult", "suicide_adult", "none"]
    found = dict(disclosure_only_words(texts, labels, min_lines=2))
    assert found == {"pillen": 3}


def test_a_word_also_seen_in_an_ordinary_message_is_not_listed() -> None:
    texts = ["pillen opgezocht", "pillen opgezocht", "ik heb hechting opgezocht"]
    labels = ["suicide_adult", "suicide_adult", "none"]
    assert dict(disclosure_only_words(texts, labels, min_lines=2)) == {"pillen": 2}
    # ordinary messages from outside the corpus (topic examples) count too
    assert disclosure_only_words(texts, labels, ordinary=["geen pillen nodig"], min_lines=2) == []
