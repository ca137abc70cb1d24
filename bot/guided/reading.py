"""What one message means for the worried-parent form.

The form asks one question at a time, but people answer loosely: "drie", "nee, ze is
5", "wat is mentaliseren eigenlijk?", "laat maar", or a disclosure of danger. This
module decides, without Rasa, which of these a message is:

- an answer to the asked question (possibly with more details, e.g. the first message
  "mijn zoon van 3 laat zich niet troosten" gives a role, an age and a signal);
- a correction of an earlier answer ("nee, ze is 5");
- a skip ("weet ik niet", "overslaan");
- something the form must not consume: a danger disclosure, "stop", or an ordinary
  question (a digression). Then `values` is empty, Rasa's form rejects, and the
  rules answer it (and return to the form, or pause it).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence

from bot.content.model import Signal
from bot.guided.answers import is_done, is_skip, mentions_lvb, parse_age, parse_role

ROLE = "asker_role"
AGE = "child_age_months"
SIGNALS = "child_signals"
HOME_SAFE = "home_safe"
NOTED = "noted_signals"
OTHER_TEXT = "other_signal_text"
LVB = "lvb_in_family"
FORM_SLOTS = (ROLE, AGE, SIGNALS, HOME_SAFE)
UNKNOWN = "unknown"
OTHER_SIGNAL = "other"

SAFETY_INTENT = "safety_disclosure"
STOP_INTENT = "stop"
# Intents that continue the conversation itself: never a digression.
FORM_INTENTS = {"worried_about_child", "inform", "nlu_fallback", SAFETY_INTENT, STOP_INTENT}
# Below this the classifier's guess does not outweigh "it was meant as an answer".
DIGRESSION_CONFIDENCE = 0.6
SHORT_ANSWER_WORDS = 6


@dataclass(frozen=True)
class Message:
    text: str
    intent: str
    confidence: float


@dataclass
class Reading:
    kind: str  # answer | correction | skip | safety | stop | digression | unclear
    values: Dict[str, object] = field(default_factory=dict)
    problem: Optional[str] = None  # e.g. "too_old": which re-ask text to use


def parse_home_safe(text: str) -> Optional[str]:
    lowered = text.lower().strip()
    if is_skip(lowered) or re.search(r"\b(?:weet (?:ik )?niet|misschien|twijfel)\b", lowered):
        return UNKNOWN
    if re.search(r"\b(?:nee|neen|niemand|iedereen is veilig|gelukkig niet|nope)\b", lowered):
        return "safe"
    if re.search(r"\b(?:ja|jawel|helaas wel|soms|iemand is niet veilig|niet veilig|bang)\b", lowered):
        return "unsafe"
    return None


def find_signals(text: str, catalogue: Sequence[Signal], by_number: bool) -> List[str]:
    """Signal ids named in a message, by keyword or (when asked) by list number."""
    lowered = text.lower()
    found = [s.id for s in catalogue if any(k in lowered for k in s.keywords)]
    for s in catalogue:
        if s.label.lower() in lowered and s.id not in found:
            found.append(s.id)
    if by_number:
        for number in re.findall(r"\b(\d)\b", lowered):
            index = int(number) - 1
            if 0 <= index < len(catalogue) and catalogue[index].id not in found:
                found.append(catalogue[index].id)
    return found


def _details(text: str, filled: Dict[str, object], catalogue: Sequence[Signal]) -> Dict[str, object]:
    """Values a message gives for questions other than the one asked (strict reading)."""
    values: Dict[str, object] = {}
    role = parse_role(text)
    if role and filled.get(ROLE) in (None, UNKNOWN):
        values[ROLE] = role
    age = parse_age(text, strict=True)
    if age.months is not None and age.months != filled.get(AGE):
        values[AGE] = age.months
    signals = find_signals(text, catalogue, by_number=False)
    noted = list(filled.get(NOTED) or [])
    new = [s for s in signals if s not in noted]
    if new and filled.get(SIGNALS) is None:
        values[NOTED] = noted + new
    if mentions_lvb(text):
        values[LVB] = True
    return values


def _is_correction(details: Dict[str, object], filled: Dict[str, object]) -> bool:
    return any(slot in details and filled.get(slot) not in (None, UNKNOWN) for slot in (ROLE, AGE))


def read(
    message: Message,
    requested: Optional[str],
    filled: Dict[str, object],
    catalogue: Sequence[Signal],
) -> Reading:
    """How the form should take this message, given the question it asked."""
    text = message.text.strip()
    short = len(text.split()) <= SHORT_ANSWER_WORDS
    # A plain yes to "is anyone unsafe at home?" is an answer (and gets the help line),
    # but a story about danger is a disclosure: the safety net answers it first.
    if requested == HOME_SAFE and short and parse_home_safe(text):
        return Reading("answer", {HOME_SAFE: parse_home_safe(text)})
    if message.intent == SAFETY_INTENT:
        return Reading("safety")
    if requested and is_skip(text):
        return Reading("skip", {requested: [] if requested == SIGNALS else UNKNOWN})

    details = _details(text, filled, catalogue)
    if requested and _is_correction(details, filled):
        return Reading("correction", details)

    answer = _answer(text, requested, filled, catalogue)
    if answer.kind == "answer":
        answer.values = {**details, **answer.values}
        return answer
    if message.intent == STOP_INTENT:
        return Reading("stop")
    if message.intent not in FORM_INTENTS and message.confidence >= DIGRESSION_CONFIDENCE:
        return Reading("digression")
    if details and not requested:
        return Reading("answer", details)
    if requested == SIGNALS:
        # Free text that names no listed signal is kept as "iets anders".
        noted = list(filled.get(NOTED) or [])
        return Reading("answer", {NOTED: noted + [OTHER_SIGNAL], OTHER_TEXT: text, **details})
    if details:
        return Reading("answer", details)
    return answer


def _answer(text: str, requested: Optional[str], filled: Dict[str, object],
            catalogue: Sequence[Signal]) -> Reading:
    if requested == ROLE:
        role = parse_role(text)
        return Reading("answer", {ROLE: role}) if role else Reading("unclear")
    if requested == AGE:
        age = parse_age(text, strict=False)
        if age.months is not None:
            return Reading("answer", {AGE: age.months})
        return Reading("unclear", problem=age.problem)
    if requested == SIGNALS:
        noted = list(filled.get(NOTED) or [])
        found = find_signals(text, catalogue, by_number=True)
        new = [s for s in found if s not in noted]
        if new:
            return Reading("answer", {NOTED: noted + new})
        if is_done(text):
            return Reading("answer", {SIGNALS: noted})
        return Reading("unclear")
    if requested == HOME_SAFE:
        value = parse_home_safe(text)
        return Reading("answer", {HOME_SAFE: value}) if value else Reading("unclear")
    return Reading("unclear")
