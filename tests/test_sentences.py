"""The reading step: a message as sentences and bounded reading units."""

from __future__ import annotations

from bot.language.sentences import MAX_UNIT_CHARS, reading_units, sentences, windows


def test_a_long_story_is_read_sentence_by_sentence() -> None:
    story = (
        "Onze dochter is twee en erg aanhankelijk. Ze huilt als ik naar de wc ga. "
        "Mijn vriend duwt mij soms tegen de kast. Is dat aanhankelijke normaal?"
    )
    parts = sentences(story)
    assert len(parts) == 4 and parts[2] == "Mijn vriend duwt mij soms tegen de kast."
    units = reading_units(story)
    assert story in units  # the whole message
    assert "Mijn vriend duwt mij soms tegen de kast." in units  # the buried sentence alone
    assert "Ze huilt als ik naar de wc ga. Mijn vriend duwt mij soms tegen de kast." in units


def test_line_breaks_and_emoji_separate_thoughts() -> None:
    assert sentences("hoi\nmijn zoon is 3 😢 hij wil niet slapen") == [
        "hoi",
        "mijn zoon is 3",
        "hij wil niet slapen",
    ]


def test_every_unit_is_bounded_and_nothing_is_lost() -> None:
    text = " ".join(f"woord{i}" for i in range(5000))  # one endless sentence
    units = reading_units(text)
    assert units and all(len(u) <= MAX_UNIT_CHARS for u in units)
    assert sum(len(u) for u in units) >= len(text)  # overlapping windows cover everything


def test_windows_overlap_so_a_phrase_on_a_border_is_seen_whole() -> None:
    text = "a " * 190 + "hij slaat de kinderen " + "b " * 190
    assert any("hij slaat de kinderen" in w for w in windows(text))


def test_blank_text_has_no_units() -> None:
    assert reading_units("   \n ") == []
