"""Keeps test sets honest: no test sentence may live on in training data or patterns.

A figure measured on a test set is only worth something if the bot never saw those
sentences. This check compares every test sentence (the content files' test_examples,
tests/safety/*.yml, tests/understanding/*.yml) with every training sentence (the content
files' examples, the risk corpus data/safety/*.txt) and every multi-word literal of the
safety patterns. A pair is a near-duplicate when, normalised, the two

- share a run of RUN_WORDS words or more with at least RUN_CONTENT_WORDS words that are
  not Dutch stop words ("wat betekent het als een kind" is how everyone asks), or
- are equal, or, both of at least three words, have a difflib ratio of RATIO or more;
- or the test sentence contains a pattern literal of LITERAL_WORDS words or more.

`make content-check` fails on any hit. Fix it by rewording or dropping the *training*
line (or the pattern) in your own words, never by editing the test sentence.
"""

from __future__ import annotations

import ast
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cached_property
from pathlib import Path

import yaml
from spacy.lang.nl.stop_words import STOP_WORDS as STOP_WORDS_NL

from bot.content.model import CONTENT_DIR, YAML_LOADER, Content
from bot.safety import corpus

PROJECT_DIR = CONTENT_DIR.parent.parent
TEST_SET_DIRS = (PROJECT_DIR / "tests" / "safety", PROJECT_DIR / "tests" / "understanding")
PATTERNS_FILE = PROJECT_DIR / "bot" / "safety" / "patterns.py"
PATTERNS_WHERE = "bot/safety/patterns.py"  # the `where` of a pattern literal
RUN_WORDS = 6
RUN_CONTENT_WORDS = 3
RATIO = 0.85
MIN_RATIO_WORDS = 3
LITERAL_WORDS = 5  # shorter pattern literals ("wil niet meer leven") are plain Dutch
STOP_WORDS = frozenset(STOP_WORDS_NL)


@dataclass(frozen=True)
class Sentence:
    text: str
    where: str

    # Cached: the check looks at each sentence hundreds of times.
    @cached_property
    def words(self) -> tuple[str, ...]:
        return tuple(re.findall(r"\w+", self.text.lower()))

    @cached_property
    def key(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class Leak:
    test: Sentence
    trained: Sentence
    why: str

    def describe(self) -> str:
        return (
            f"near-duplicate ({self.why}): test '{self.test.text[:80]}' ({self.test.where}) "
            f"~ '{self.trained.text[:80]}' ({self.trained.where})"
        )


def texts_in(node: object) -> Iterable[str]:
    """Every `text:` value in a YAML test set, and every message of a `turns:` list (the
    conversations of tests/understanding/), wherever it is nested."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "text" and isinstance(value, str):
                yield value
            elif key == "turns" and isinstance(value, list):
                yield from (turn for turn in value if isinstance(turn, str))
            else:
                yield from texts_in(value)
    elif isinstance(node, list):
        for item in node:
            yield from texts_in(item)


def test_sentences(content: Content) -> list[Sentence]:
    found = [
        Sentence(text, f"{item.intent} test_examples")
        for item in content.intents
        for text in item.test_examples
    ]
    for directory in TEST_SET_DIRS:
        for path in sorted(directory.glob("*.yml")):
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)
            found += [Sentence(text, path.name) for text in texts_in(data)]
    return found


def training_sentences(content: Content) -> list[Sentence]:
    found = [Sentence(text, f"{item.intent} examples") for item in content.intents for text in item.examples]
    found += [
        Sentence(text, f"worry.yml signal {signal.id} examples")
        for signal in content.worry.signals
        for text in signal.examples
    ]
    for path in corpus.corpus_files():
        found += [Sentence(text, f"data/safety/{path.name}") for text in corpus.read_lines(path)]
    return found


def pattern_literals(path: Path = PATTERNS_FILE) -> list[Sentence]:
    """String constants of the patterns file that read as words ("wil niet meer leven")."""
    literals = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            for piece in re.split(r"[\\()|?*+{}\[\]^$]", node.value):
                words = re.findall(r"[^\W\d_]+", piece)
                if len(words) >= LITERAL_WORDS and " ".join(words) == piece.strip():
                    literals.append(Sentence(piece.strip(), PATTERNS_WHERE))
    return literals


def _runs(words: Sequence[str], size: int = RUN_WORDS) -> set[tuple[str, ...]]:
    """Runs of `size` words that carry meaning (enough words beyond stop words)."""
    runs = (tuple(words[i : i + size]) for i in range(len(words) - size + 1))
    return {run for run in runs if sum(w not in STOP_WORDS for w in run) >= RUN_CONTENT_WORDS}


def _bigrams(words: Sequence[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + 2]) for i in range(len(words) - 1)} or {tuple(words)}


def _telling(bigrams: set[tuple[str, ...]]) -> set[tuple[str, ...]]:
    """Word pairs with a word beyond the stop words: "van de" links thousands of sentences."""
    return {pair for pair in bigrams if any(w not in STOP_WORDS for w in pair)} or bigrams


def _lengths_allow(one: str, other: str) -> bool:
    """difflib's ratio is at most 2·min/(sum of lengths): skip pairs that cannot reach RATIO."""
    return 2 * min(len(one), len(other)) >= RATIO * (len(one) + len(other))


def find_leaks(tests: list[Sentence], trained: list[Sentence], literals: list[Sentence]) -> list[Leak]:
    leaks: list[Leak] = []
    run_index: dict[tuple[str, ...], Sentence] = {}
    bigram_index: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for number, sentence in enumerate(trained):
        words = sentence.words
        for run in _runs(words):
            run_index.setdefault(run, sentence)
        for bigram in _telling(_bigrams(words)):
            bigram_index[bigram].append(number)
    for test in tests:
        words, key = test.words, test.key
        if not words:
            continue
        shared_run = next((run_index[r] for r in _runs(words) if r in run_index), None)
        if shared_run is not None:
            leaks.append(Leak(test, shared_run, f"{RUN_WORDS} words in a row"))
            continue
        # Candidates share at least half of the test sentence's word pairs.
        bigrams = _telling(_bigrams(words))
        shared = Counter(n for b in bigrams for n in bigram_index.get(b, ()))
        needed = max(1, len(bigrams) // 2)
        for number, count in shared.items():
            other = trained[number]
            if key == other.key:
                leaks.append(Leak(test, other, "the same sentence"))
                break
            if count < needed or min(len(words), len(other.words)) < MIN_RATIO_WORDS:
                continue
            if not _lengths_allow(key, other.key):
                continue
            matcher = SequenceMatcher(None, key, trained[number].key, autojunk=False)
            if matcher.quick_ratio() >= RATIO and matcher.ratio() >= RATIO:
                leaks.append(Leak(test, trained[number], f"similarity {matcher.ratio():.2f}"))
                break
        for literal in literals:
            if f" {literal.key} " in f" {key} ":
                leaks.append(Leak(test, literal, "pattern literal inside"))
                break
    return leaks


def check_leaks(content: Content) -> list[str]:
    leaks = find_leaks(test_sentences(content), training_sentences(content), pattern_literals())
    return [leak.describe() for leak in leaks]
