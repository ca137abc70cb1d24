"""Reading a message the way a person does: sentence by sentence.

A disclosure in the third of five sentences must count as much as a message that is
only that sentence, and a long story should not drown its closing question. This
module turns a message into *reading units*: the whole message, each sentence, and
each pair of neighbouring sentences (a disclosure can span two: "Mijn vriend wordt
snel boos. Dan slaat hij de kinderen."). The safety net scores every unit and keeps
the strongest signal; the topic side can weigh the question sentences.

Splitting is rule-based, like spaCy's Sentencizer (a sentence ends at . ! ? ; or …
followed by white space, and at line breaks and emoji), never the loaded model's parser,
so the result is the same whichever Dutch pipeline runs (official or local). It is a
regular expression rather than spaCy's tokenizer because that tokenizer is quadratic
on long runs of punctuation (12,000 '[' took 12 s and held up every conversation).
Every unit is at most MAX_UNIT_CHARS long (long sentences are cut into overlapping
windows), so the work per message grows linearly with its length.
"""

from __future__ import annotations

import re

# A unit longer than this is cut into windows; keeps each regex and vectoriser call small.
MAX_UNIT_CHARS = 400
WINDOW_OVERLAP_CHARS = 120
# Chat messages often separate thoughts by line breaks or emoji instead of full stops.
_HARD_BREAKS = re.compile(r"\s*(?:\n+|[\u2600-\u27bf\U0001F300-\U0001FAFF]+)\s*")
# The end of a sentence: closing punctuation (and quotes or brackets) before white space.
_SENTENCE_END = re.compile(r"(?<=[.!?;…])[\"'”’)\]]*\s+")


def sentences(text: str) -> list[str]:
    """The message's sentences, in order, without empty ones."""
    found: list[str] = []
    for block in _HARD_BREAKS.split(text):
        found.extend(part.strip() for part in _SENTENCE_END.split(block) if part.strip())
    return found


def windows(text: str, size: int = MAX_UNIT_CHARS, overlap: int = WINDOW_OVERLAP_CHARS) -> list[str]:
    """`text` cut into pieces of at most `size` characters that overlap, cut at spaces."""
    if len(text) <= size:
        return [text]
    pieces, start = [], 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            space = text.rfind(" ", start + overlap, end)
            end = space if space > start else end
        pieces.append(text[start:end].strip())
        if end >= len(text):
            break
        start = max(end - overlap, start + 1)
    return [p for p in pieces if p]


def reading_units(text: str) -> list[str]:
    """The whole message (when short enough), each sentence and each neighbouring pair,
    each at most MAX_UNIT_CHARS long, without duplicates, in reading order."""
    parts = sentences(text)
    units: list[str] = []
    if len(parts) > 1 and len(text) <= MAX_UNIT_CHARS:
        units.append(" ".join(parts))
    for index, part in enumerate(parts):
        units.extend(windows(part))
        if index + 1 < len(parts):
            pair = f"{part} {parts[index + 1]}"
            if len(pair) <= MAX_UNIT_CHARS:
                units.append(pair)
    seen, unique = set(), []
    for unit in units:
        if unit not in seen:
            seen.add(unit)
            unique.append(unit)
    return unique
