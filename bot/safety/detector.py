"""The deterministic layer of the safety net: unambiguous danger wordings and cues.

Patterns are compiled once (at import) and matched per reading unit, most urgent
category first. Every method reads *views*: the units normalised once per message by
`normalised` (lower case, accents folded), never spaCy lemmas or parses, so they decide
the same on every Dutch pipeline.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from re import Pattern

from bot.safety.patterns import (
    ACUTE_CUES,
    CHILD_WRITER,
    EMERGENCY_NOW,
    MENTIONS,
    PATTERNS,
    SUICIDE_CUES,
    UNLESS,
    YOUNG_CHILD,
)
from bot.safety.risk_model import normalise

# Most urgent first: a message that fits several categories gets the most urgent reply.
PATTERN_CATEGORIES = ("acute", "suicide", "harm_happened", "harm_urge", "child_self", "abuse")


@dataclass(frozen=True)
class Detection:
    category: str  # one of PATTERN_CATEGORIES ("suicide" is split by the writer's age later)
    pattern: str  # the start of the rule that fired, for logs and tests
    matched: str


_RULES: tuple[tuple[str, Pattern[str]], ...] = tuple(
    (category, re.compile(rule)) for category in PATTERN_CATEGORIES for rule in PATTERNS[category]
)
# (a match of the first, in a message the second matches): not unambiguous there.
_UNLESS = tuple(
    (re.compile(match), re.compile(context), re.compile(but) if but else None)
    for match, context, but in UNLESS
)
_ACUTE = re.compile(ACUTE_CUES)
_EMERGENCY_NOW = re.compile(EMERGENCY_NOW)
_SUICIDE = re.compile(SUICIDE_CUES)
_MENTIONS = re.compile(MENTIONS)
_CHILD_WRITER = re.compile(CHILD_WRITER)
_YOUNG_CHILD = re.compile(YOUNG_CHILD)


def normalised(units: Iterable[str]) -> list[str]:
    """The views the detector reads: each unit lower-cased with accents folded."""
    return [normalise(unit) for unit in units]


def _excepted(matched: str, views: Sequence[str]) -> bool:
    """A match the patterns file names as ambiguous in this message (UNLESS)."""
    return any(
        form.match(matched)
        and any(context.search(view) for view in views)
        and not (but is not None and any(but.search(view) for view in views))
        for form, context, but in _UNLESS
    )


class SafetyDetector:
    def detect(self, views: Sequence[str]) -> Detection | None:
        """The most urgent pattern that matches any view."""
        for category, rule in _RULES:
            for view in views:
                match = rule.search(view)
                if match and not _excepted(match.group(0), views):
                    return Detection(category, rule.pattern[:60], match.group(0))
        return None

    @staticmethod
    def has_acute_cue(views: Sequence[str]) -> bool:
        return any(_ACUTE.search(view) for view in views)

    @staticmethod
    def has_emergency_now(views: Sequence[str]) -> bool:
        """Signs of an emergency happening (not breathing, an overdose, a child gone); no weapon."""
        return any(_EMERGENCY_NOW.search(view) for view in views)

    @staticmethod
    def has_suicide_cue(views: Sequence[str]) -> bool:
        """Suicide or self-harm is named, of anyone (never a crisis on its own)."""
        return any(_SUICIDE.search(view) for view in views)

    @staticmethod
    def mentioned_term(views: Sequence[str]) -> str | None:
        """A danger word in an ordinary (informational) message, if any."""
        for view in views:
            match = _MENTIONS.search(view)
            if match:
                return match.group(0)
        return None

    @staticmethod
    def child_writer(views: Sequence[str]) -> bool:
        """The writer says they are under 18 ("ik ben 13")."""
        return any(_CHILD_WRITER.search(view) for view in views)

    @staticmethod
    def names_young_child(views: Sequence[str]) -> bool:
        """The message names a baby or a younger child ("mijn baby", "mijn broertje")."""
        return any(_YOUNG_CHILD.search(view) for view in views)
