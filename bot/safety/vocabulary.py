"""Words the risk model knows only from disclosures: where its corpus needs hard negatives.

A TF-IDF model learns a word as a danger cue when every line it has seen the word in is a
disclosure: after a round of lines about parents who "searched for painless ways", a
parent who writes "ik heb het opgezocht op internet" got a crisis reply. This lists the
words that occur in at least `min_lines` disclosure lines and in no ordinary message (the
corpus's none.txt, the topic examples, the parents' behaviour descriptions). Most are
real danger words (geschud, pillen); the everyday ones among them (opgezocht, deken,
namelijk) need ordinary lines in none.txt. `make risk-vocabulary` prints the list.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from bot.safety.risk_model import NONE

_WORD = re.compile(r"[a-zà-ÿ]+")
MIN_LENGTH = 4  # shorter words are function words or slang either way


def words_of(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if len(w) >= MIN_LENGTH}


def disclosure_only_words(
    texts: Sequence[str], labels: Sequence[str], ordinary: Iterable[str] = (), min_lines: int = 6
) -> list[tuple[str, int]]:
    """(word, number of disclosure lines) for the words never seen in an ordinary message,
    most frequent first."""
    in_danger: Counter[str] = Counter()
    in_ordinary: set[str] = set()
    for text, label in zip(texts, labels, strict=True):
        if label == NONE:
            in_ordinary |= words_of(text)
        else:
            in_danger.update(words_of(text))
    for text in ordinary:
        in_ordinary |= words_of(text)
    found = [(w, n) for w, n in in_danger.items() if n >= min_lines and w not in in_ordinary]
    return sorted(found, key=lambda pair: (-pair[1], pair[0]))
