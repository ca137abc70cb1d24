"""Freezing before a blind set's first run (bot/content/freeze.py)."""

from __future__ import annotations

from pathlib import Path

from bot.content.freeze import remove_lines, set_sentences


def test_a_yaml_list_item_is_removed_quoted_or_not_and_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "topic.yml"
    path.write_text(
        "intent: x\n"
        "examples:\n"
        "  - wat is hechting\n"
        '  - "mijn zoon van 3: is dat normaal?"\n'
        "  - hoe versterk ik de band\n"
        "evidence:\n"
        "  - claim: wat is hechting\n",
        encoding="utf-8",
    )
    removed = remove_lines(path, {"wat is hechting", "mijn zoon van 3: is dat normaal?"})
    assert removed == 2
    assert path.read_text(encoding="utf-8") == (
        "intent: x\nexamples:\n  - hoe versterk ik de band\nevidence:\n  - claim: wat is hechting\n"
    )


def test_a_plain_text_line_is_removed_and_comments_stay(tmp_path: Path) -> None:
    path = tmp_path / "none.txt"
    path.write_text("# harmless\nhij slaat de deur dicht\nze wil niet slapen\n", encoding="utf-8")
    assert remove_lines(path, {"hij slaat de deur dicht"}) == 1
    assert path.read_text(encoding="utf-8") == "# harmless\nze wil niet slapen\n"
    assert remove_lines(path, {"iets anders"}) == 0


def test_every_message_of_a_set_is_read(tmp_path: Path) -> None:
    path = tmp_path / "set.yml"
    path.write_text(
        "items:\n- id: a\n  turns: [eerste vraag, tweede vraag]\n- id: b\n  turns: [derde vraag]\n",
        encoding="utf-8",
    )
    assert [s.text for s in set_sentences(path)] == ["eerste vraag", "tweede vraag", "derde vraag"]
