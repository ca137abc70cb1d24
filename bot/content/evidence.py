"""Traceability: every sentence we tell a user is backed by a quote from its source.

A topic file lists `evidence:` entries. Each names a fragment of our own text (`claim`),
the source it comes from and a short verbatim quote of that source:

    evidence:
      - claim: kan een onveilige band soms nog veiliger worden
        source: nji_risk_factors_pdf
        quote: Zulke interventies kunnen van een onveilige gehechtheidsrelatie een veilige maken.

The quotes are checked against the project's own copies of the sources in
`bot/content/sources/<id>.txt` (never against ../shared). Which sources an answer or
its detail names is derived from this list, so a source line can only show sources
the text actually uses.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

from pydantic import BaseModel, validator

SOURCES_DIR = Path(__file__).resolve().parent / "sources"
MAX_QUOTE_WORDS = 25
# A text of ours may share at most this many consecutive words with a source.
MAX_COPIED_WORDS = 12
MIN_CLAIM_WORDS = 2

_TYPOGRAPHY = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "–": "-",
        "—": "-",
        "\u00ad": "",
        "\u00a0": " ",
        "•": " ",
    }
)


class Evidence(BaseModel):
    """One claim of ours, the source it comes from and the source's own words."""

    claim: str
    source: str
    quote: str

    @validator("claim", "source", "quote")
    def _strip(cls, value: str) -> str:  # noqa: N805 (pydantic validator)
        return str(value).strip()


def squash(text: str) -> str:
    """Comparable form: typography unified, lower case, one space between words."""
    text = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY).lower()
    return " ".join(text.split())


def words(text: str) -> list[str]:
    return re.findall(r"\w+", squash(text))


@cache
def source_text(key: str, directory: Path = SOURCES_DIR) -> str | None:
    """The stored copy of a source, without its `#` header lines; None if there is none."""
    path = directory / f"{key}.txt"
    if not path.is_file():
        return None
    lines = path.read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.startswith("#"))


def sentences(text: str) -> list[str]:
    """Our texts have one or a few sentences per line; split lines, then at . ! ? + capital."""
    parts: list[str] = []
    for raw_line in text.splitlines():
        line = raw_line.strip().lstrip("-•").strip()
        if line:
            parts += [p for p in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9‘'\"(])", line) if p.strip()]
    return parts


def contains(text: str, fragment: str) -> bool:
    return squash(fragment) in squash(text)


def sources_for(evidence: Sequence[Evidence], text: str) -> list[str]:
    """The sources whose claims occur in `text`, in order of first use."""
    keys: list[str] = []
    for item in evidence:
        if text and contains(text, item.claim) and item.source not in keys:
            keys.append(item.source)
    return keys


def _ngrams(tokens: Sequence[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def longest_copied_run(text: str, source: str) -> int:
    """Length of the longest run of consecutive words that `text` shares with `source`."""
    ours, theirs = words(text), words(source)
    best, n = 0, 1
    while n <= len(ours) and _ngrams(ours, n) & _ngrams(theirs, n):
        best, n = n, n + 1
    return best


@cache
def _runs_of(source: str, size: int) -> frozenset[tuple[str, ...]]:
    """A source's word runs, built once per source (every text is compared with every source)."""
    return frozenset(_ngrams(words(source), size))


def copied_run(text: str, source: str, limit: int = MAX_COPIED_WORDS) -> str | None:
    """A run of more than `limit` words that `text` copies from `source`, or None."""
    shared = _ngrams(words(text), limit + 1) & _runs_of(source, limit + 1)
    return " ".join(sorted(shared)[0]) if shared else None


def check_quotes(where: str, evidence: Iterable[Evidence], known_sources: set[str]) -> list[str]:
    """Every quote short, from a known source, and literally in that source's stored copy."""
    problems = []
    for item in evidence:
        if item.source not in known_sources:
            problems.append(f"{where}: evidence names unknown source '{item.source}'")
            continue
        text = source_text(item.source)
        if text is None:
            problems.append(f"{where}: source '{item.source}' has no stored copy in bot/content/sources/")
            continue
        count = len(words(item.quote))
        if count > MAX_QUOTE_WORDS:
            problems.append(
                f"{where}: quote of {count} words (at most {MAX_QUOTE_WORDS}): {item.quote[:60]}…"
            )
        if not contains(text, item.quote):
            problems.append(
                f"{where}: quote not found in bot/content/sources/{item.source}.txt: '{item.quote}'"
            )
        if len(words(item.claim)) < MIN_CLAIM_WORDS:
            problems.append(f"{where}: claim '{item.claim}' is too short to point at a sentence")
    return problems


def check_coverage(where: str, layer: str, text: str, evidence: Sequence[Evidence]) -> list[str]:
    """Every sentence of `text` contains at least one claim that has a quote.

    A question to the reader ("Is het thuis niet veilig?") states nothing, so needs none."""
    claims = [item.claim for item in evidence]
    return [
        f"{where}: {layer} sentence has no evidence: '{sentence}'"
        for sentence in sentences(text)
        if not sentence.rstrip().endswith("?") and not any(contains(sentence, claim) for claim in claims)
    ]


def check_claims_exist(where: str, evidence: Sequence[Evidence], texts: Sequence[str]) -> list[str]:
    """A claim must point at our text; otherwise the evidence is stale."""
    return [
        f"{where}: evidence claim is not in the answer or detail text: '{item.claim}'"
        for item in evidence
        if not any(contains(text, item.claim) for text in texts)
    ]


def check_no_copying(where: str, texts: dict[str, str], source_keys: Iterable[str]) -> list[str]:
    """Our texts are in our own words: no run of more than 12 words from any source."""
    problems = []
    for key in source_keys:
        source = source_text(key)
        if source is None:
            continue
        for layer, text in texts.items():
            run = copied_run(text, source)
            if run:
                problems.append(
                    f"{where}: {layer} copies more than {MAX_COPIED_WORDS} words of '{key}': '{run}…'"
                )
    return problems


def check_literature(where: str, literature: Sequence[str], cited: Sequence[str]) -> list[str]:
    """A reference is only named when a source the text cites names it too."""
    problems = []
    for reference in literature:
        author = words(reference)[:1]
        year = re.findall(r"\d{4}", reference)
        found = any(
            (text := source_text(key)) is not None and all(contains(text, part) for part in author + year)
            for key in cited
        )
        if not found:
            problems.append(f"{where}: literature '{reference}' is not named by a cited source")
    return problems


def stored_sources() -> list[str]:
    return sorted(path.stem for path in SOURCES_DIR.glob("*.txt"))
