"""The deterministic layer of the safety net: clear danger words force the safety path.

It does not depend on the intent classifier: the Rasa component (rasa_component.py)
runs it on every message after classification and overrides the intent when it
fires. The trained `safety_disclosure` intent catches what the patterns miss.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, List, Optional, Pattern, Tuple

from bot.safety.patterns import CATEGORY_CUES, HARMLESS, MENTIONS, PATTERNS, STUDY

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


def _lower(doc) -> str:
    """A message as its lower-cased spaCy tokens, joined by single spaces."""
    return " ".join(t.lower_ for t in doc)


class SafetyDetector:
    def __init__(self) -> None:
        self._rules: List[Tuple[str, Pattern[str]]] = [
            (category, rule) for category in CATEGORIES for rule in _compile(PATTERNS[category])
        ]

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

    def mentioned_term(self, doc) -> Optional[str]:
        """A danger word used in an ordinary (informational) message, if any."""
        match = re.search(MENTIONS, _lower(doc))
        return match.group(0) if match else None

    def is_harmless(self, doc) -> bool:
        """An everyday use of a danger-looking word ("hij slaat de bal", "ik schrok me dood")."""
        view = _lower(doc)
        return bool(re.search(HARMLESS, view) or re.search(STUDY, view))

    def has_danger_cue(self, doc) -> bool:
        """Any sign of danger in the words (a child's age alone is not one)."""
        view = _lower(doc)
        return any(re.search(cue, view) for name, cue in CATEGORY_CUES.items() if name != "child_self")

    def categorize(self, doc, found: Optional[str] = None) -> str:
        """The reply category: specific cues first, then the pattern's own, then any sign
        of abuse or neglect (Veilig Thuis), else the general reply with every line."""
        view = _lower(doc)
        for category, cue in CATEGORY_CUES.items():
            if category != "abuse" and re.search(cue, view):
                return category
        if found:
            return found
        return "abuse" if re.search(CATEGORY_CUES["abuse"], view) else GENERAL
