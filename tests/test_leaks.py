"""The near-duplicate check between test sets and training data can say no (bot/content/leaks.py)."""

from __future__ import annotations

from bot.content.leaks import Sentence, find_leaks, texts_in


def leaks(test: str, trained: str = "", literal: str = "") -> list:
    return find_leaks(
        [Sentence(test, "set.yml")],
        [Sentence(trained, "examples")] if trained else [],
        [Sentence(literal, "patterns.py")] if literal else [],
    )


def test_a_shared_run_of_six_words_is_a_leak() -> None:
    assert leaks(
        "sinds de verhuizing slaapt mijn dochter heel slecht en huilt ze veel",
        "ik merk dat mijn dochter heel slecht en onrustig slaapt sinds de verhuizing slaapt mijn dochter heel slecht",
    )


def test_a_near_identical_sentence_is_a_leak() -> None:
    assert leaks("kun je dat simpeler uitleggen?", "kun je dat simpeler uitleggen")


def test_a_pattern_literal_inside_a_test_sentence_is_a_leak() -> None:
    assert leaks(
        "soms wil ik gewoon nooit meer wakker worden na een lange dag", literal="nooit meer wakker worden na"
    )


def test_different_sentences_are_not_a_leak() -> None:
    assert not leaks("wat is veilige hechting", "hoe kan ik mijn zoon troosten als hij valt")


def test_every_message_of_a_test_set_is_read() -> None:
    data = {
        "disclosures": [{"text": "een", "category": "x"}],
        "items": [{"id": "a1", "turns": ["twee", "drie"], "expect": {"topic": "x"}}],
    }
    assert sorted(texts_in(data)) == ["drie", "een", "twee"]
