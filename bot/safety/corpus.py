"""The risk model's own training corpus: data/safety/<category>.txt.

One message per line; blank lines and lines starting with '#' are skipped. The file name
is the category (none.txt holds the hard negatives). Rasa ignores .txt files under
data/, so these never reach the topic classifier. Besides these, the model learns from
the topic examples and from parents' descriptions of their child's behaviour (the
walk-through's signal examples), both as ordinary messages.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from bot.content.model import Content, load_content
from bot.safety.risk_model import LABELS

PROJECT_DIR = Path(__file__).resolve().parents[2]
CORPUS_DIR = PROJECT_DIR / "data" / "safety"


def corpus_files(directory: Path = CORPUS_DIR) -> list[Path]:
    return sorted(directory.glob("*.txt"))


def read_lines(path: Path) -> list[str]:
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def load_corpus(directory: Path = CORPUS_DIR) -> tuple[list[str], list[str]]:
    """(texts, labels) of every corpus file; an unknown file name is an error."""
    texts: list[str] = []
    labels: list[str] = []
    for path in corpus_files(directory):
        if path.stem not in LABELS:
            raise ValueError(f"{path.name}: not a risk category ({', '.join(LABELS)})")
        lines = read_lines(path)
        texts += lines
        labels += [path.stem] * len(lines)
    return texts, labels


def behaviour_descriptions(content: Content) -> list[str]:
    """Parents describing what their child does (worry.yml, each signal's `examples`):
    harmless by design, and the kind of message the net most often took for danger
    (a teenager who runs away or skips school, a baby who hardly cries)."""
    return [text for signal in content.worry.signals for text in signal.examples]


def counts(directory: Path = CORPUS_DIR) -> dict[str, int]:
    return {path.stem: len(read_lines(path)) for path in corpus_files(directory)}


def fingerprint(directory: Path = CORPUS_DIR) -> str:
    """Changes whenever a corpus file or a behaviour description does, so Rasa retrains
    the safety net."""
    digest = hashlib.sha256()
    for path in corpus_files(directory):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for text in behaviour_descriptions(load_content()):
        digest.update(text.encode())
    return digest.hexdigest()[:16]
