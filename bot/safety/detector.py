"""The deterministic layer of the safety net: unambiguous danger wordings and cues.

Patterns are compiled once (at import) and matched per reading unit, most urgent
category first. They read normalised text only (risk_model.normalise), never spaCy
lemmas or parses, so they decide the same on every Dutch pipeline.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, List, Optional, Pattern, Tuple

from bot.safety.patterns import ACUTE_CUES, CHILD_WRITER, MENTIONS, PATTERNS
from bot.safety.risk_model import normalise

# Most urgent first: a message that fits several categories gets the most urgent reply.
PATTERN_CATEGORIES = ("acute", "suicide", "harm_happened", "harm_urge", "child_self", "abuse")


@dataclass(frozen=True)
class Detection:
    category: str  # one of PATTERN_CATEGORIES ("suicide" is split by the writer's age later)
    pattern: str  # the start of the rule that fired, for logs and tests
    matched: str


_RULES: Tuple[Tuple[str, Pattern[str]], ...] = tuple(
    (category, re.compile(rule)) for category in PATTERN_CATEGORIES for rule in PATTERNS[category]
)
_ACUTE = re.compile(ACUTE_CUES)
_MENTIONS = re.compile(MENTIONS)
_CHILD_WRITER = re.compile(CHILD_WRITER)


class SafetyDetector:
    def detect(self, units: Iterable[str]) -> Optional[Detection]:
        """The most urgent pattern that matches any unit."""
        views: List[str] = [normalise(unit) for unit in units]
        for category, rule in _RULES:
            for view in views:
                match = rule.search(view)
                if match:
                    return Detection(category, rule.pattern[:60], match.group(0))
        return None

    @staticmethod
    def has_acute_cue(units: Iterable[str]) -> bool:
        return any(_ACUTE.search(normalise(unit)) for unit in units)

    @staticmethod
    def mentioned_term(units: Iterable[str]) -> Optional[str]:
        """A danger word in an ordinary (informational) message, if any."""
        for unit in units:
            match = _MENTIONS.search(normalise(unit))
            if match:
                return match.group(0)
        return None

    @staticmethod
    def child_writer(units: Iterable[str]) -> bool:
        """The writer says they are under 18 ("ik ben 13")."""
        return any(_CHILD_WRITER.search(normalise(unit)) for unit in units)
