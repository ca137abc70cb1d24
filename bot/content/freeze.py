"""Freezing before a blind set's first run: drop the training lines near the new set.

A blind set (docs/language.md, "Measuring understanding") is read by nobody before its first
run, yet the near-duplicate check (bot/content/leaks.py) must pass once it lies under tests/.
`python -m bot content freeze SET.yml` removes every training example, walk-through signal
example and safety-corpus line that the check finds near one of the set's messages, and
repeats until none is left (the check names the first near line per message, so removing it
can reveal the next). It prints counts only, never a message of the set or a removed line, so
the set stays blind. A pattern literal near the set is not removed (patterns are code): it is
counted and the command fails, to be fixed by hand after the first run.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.content.leaks import (
    PATTERNS_WHERE,
    Sentence,
    find_leaks,
    pattern_literals,
    texts_in,
    training_sentences,
)
from bot.content.model import CONTENT_DIR, YAML_LOADER, load_content
from bot.safety import corpus


@dataclass
class Frozen:
    removed: Counter = field(default_factory=Counter)  # file name -> lines removed
    literals: int = 0  # pattern literals near the set (left in place)


def set_sentences(path: Path) -> list[Sentence]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)
    return [Sentence(text, path.name) for text in texts_in(data)]


def remove_lines(path: Path, texts: set[str]) -> int:
    """Removes the lines of `path` that hold one of `texts`: a YAML list item (`- text`,
    quoted or not) or, in a plain text file, the line itself. Returns how many."""
    kept, removed = [], 0
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if _line_text(line, yaml_list=path.suffix == ".yml") in texts:
            removed += 1
        else:
            kept.append(line)
    if removed:
        path.write_text("".join(kept), encoding="utf-8")
    return removed


def _line_text(line: str, yaml_list: bool) -> str | None:
    stripped = line.strip()
    if not yaml_list:
        return stripped
    if not stripped.startswith("- "):
        return None
    try:
        value = yaml.safe_load(stripped[2:])
    except yaml.YAMLError:
        return None
    return str(value).strip() if isinstance(value, str) else None


def training_files(content_dir: Path = CONTENT_DIR) -> list[Path]:
    """Every file that holds training lines: intent files, the walk-through's signals, the
    safety corpus."""
    intents = sorted((content_dir / "topics").glob("*.yml")) + sorted(
        (content_dir / "conversation").glob("*.yml")
    )
    return [*intents, content_dir / "worry.yml", *corpus.corpus_files()]


def freeze(set_path: Path, max_rounds: int = 20) -> Frozen:
    tests = set_sentences(set_path)
    frozen = Frozen()
    for _ in range(max_rounds):
        leaks = find_leaks(tests, training_sentences(load_content()), pattern_literals())
        near = {leak.trained.text for leak in leaks if leak.trained.where != PATTERNS_WHERE}
        frozen.literals = sum(leak.trained.where == PATTERNS_WHERE for leak in leaks)
        if not near:
            break
        for path in training_files():
            count = remove_lines(path, near)
            if count:
                frozen.removed[path.name] += count
    return frozen


def main(set_path: Path) -> int:
    frozen = freeze(set_path)
    total = sum(frozen.removed.values())
    print(f"{set_path.name}: {total} training lines near the set removed, in {len(frozen.removed)} files")
    for name, count in sorted(frozen.removed.items()):
        print(f"  {name}: {count}")
    if frozen.literals:
        print(
            f"{frozen.literals} pattern literals near the set: "
            "fix bot/safety/patterns.py by hand after the first run"
        )
        return 1
    print("Now run `make content` and commit the freeze before the first run.")
    return 0
