"""The deterministic layer of the safety net: clear danger words force the safety path.

It does not depend on the intent classifier: the Rasa component (rasa_component.py)
runs it on every message after classification and overrides the intent when it
fires. The trained `safety_disclosure` intent catches what the patterns miss.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, List, Optional, Pattern, Tuple

from bot.safety.patterns import INFORMATIONAL, MENTIONS, PATTERNS

# Most urgent first: a message that fits several categories gets the most urgent reply.
CATEGORIES = ("acute", "suicide", "harm_baby", "child_self", "abuse")
GENERAL = "general"


@dataclass(frozen=True)
class Detection:
    category: str
    pattern: str  # which rule fired, for logs and tests
    matched: str


def _compile(patterns: Iterable[str]) -> List[Pattern[str]]:
    return [re.compile(p) for p in patterns]


class SafetyDetector:
    def __init__(self) -> None:
        self._rules: List[Tuple[str, Pattern[str]]] = [
            (category, rule) for category in CATEGORIES for rule in _compile(PATTERNS[category])
        ]
        self._informational = _compile(INFORMATIONAL)

    @staticmethod
    def views(tokens: List[str], lemmas: List[str]) -> Tuple[str, str]:
        """The message as lower-cased tokens and as lemmas, each joined by spaces."""
        return " ".join(t.lower() for t in tokens), " ".join(l.lower() for l in lemmas)

    def detect_views(self, text_view: str, lemma_view: str) -> Optional[Detection]:
        for category, rule in self._rules:
            for view in (text_view, lemma_view):
                match = rule.search(view)
                if match:
                    return Detection(category, rule.pattern[:60], match.group(0))
        return None

    def detect(self, doc) -> Optional[Detection]:
        """Runs on a spaCy Doc (tokens and lemmas)."""
        text_view, lemma_view = self.views([t.text for t in doc], [t.lemma_ or t.text for t in doc])
        return self.detect_views(text_view, lemma_view)

    def is_informational(self, doc) -> bool:
        """A question about the subject rather than about someone's situation."""
        view = " ".join(t.lower_ for t in doc)
        return any(rule.search(view) for rule in self._informational)

    def mentioned_term(self, doc) -> Optional[str]:
        """A danger word used in an ordinary (informational) message, if any."""
        match = re.search(MENTIONS, " ".join(t.lower_ for t in doc))
        return match.group(0) if match else None

    def guess_category(self, doc) -> str:
        """Category for a message the classifier flagged but no pattern named."""
        view = " ".join(t.lower_ for t in doc)
        cues = (
            ("suicide", r"\b(?:dood|leven|einde|eind|zelf)\b"),
            ("harm_baby", r"\bbang (?:\w+ ){0,3}(?:ik|mezelf)\b"),
            ("child_self", r"\b(?:mijn|m'n) (?:papa|mama|vader|moeder|stiefvader|stiefmoeder)\b.*\b(?:mij|me)\b"),
            ("abuse", r"\b(?:slaat|sloeg|geslagen|mishandel\w*|misbruik\w*|verwaarloos\w*|geweld|schopt|onveilig)\b"),
        )
        for category, cue in cues:
            if re.search(cue, view):
                return category
        return GENERAL
