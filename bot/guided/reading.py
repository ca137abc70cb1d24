"""What one message means for the worried-parent form.

The form asks one question at a time, but people answer loosely: "drie", "nee, ze is
5", "wat is mentaliseren eigenlijk?", "laat maar", or a disclosure of danger. This
module decides, without Rasa, which of these a message is:

- an answer to the asked question (possibly with more details, e.g. the first message
  "mijn zoon van 3 laat zich niet troosten" gives a role, an age and a signal);
- a correction of an earlier answer ("nee, ze is 5");
- a skip ("weet ik niet", "overslaan");
- something the form must not consume: a danger disclosure, "stop", the start intent
  again ("Ik maak me zorgen" button, `/worried_about_child`), or an ordinary question
  (a digression). Then `values` is empty, Rasa's form rejects, and the rules answer it
  (and return to the form, or pause it).

An answer is read only from the asked question's own vocabulary: role words at the role
question, an age at the age question, signal keywords or a list of signal numbers (or
a description of something else) at the signals question, yes/no at the safety
question. A button payload or typed intent ("/..."), code-like text ("<script>",
"alert(1)"), a bare age or number, or the start phrase again is never an answer, and
never kept as a free-text signal.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.content.model import Signal, content
from bot.guided.answers import (
    AGE_WORDS,
    HALF,
    NUMBER_WORDS,
    UNIT_MONTHS,
    is_done,
    is_skip,
    mentions_lvb,
    parse_age,
    parse_role,
)

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

# The intents that steer the walk-through, by their role in the content files.
_CONTENT = content()
SAFETY_INTENT = _CONTENT.intent_for("safety").intent
STOP_INTENT = _CONTENT.intent_for("questionnaire_stop").intent
START_INTENT = _CONTENT.intent_for("questionnaire_start").intent
# Intents the walk-through decides about itself (`during_questionnaire: form_decides`),
# and Rasa's fallback: never a digression.
FORM_INTENTS = {item.intent for item in _CONTENT.intents if not item.is_digression} | {"nlu_fallback"}
# Below this the classifier's guess does not outweigh "it was meant as an answer".
DIGRESSION_CONFIDENCE = 0.6
SHORT_ANSWER_WORDS = 6

# A button payload or a typed intent: "/stop", "/worried_about_child", '/inform{"x": 1}'.
_PAYLOAD = re.compile(r"^/(\w*)")
# Markup, script and other code-like text: never an answer, never a free-text signal.
_CODE_LIKE = re.compile(
    r"<\s*/?\s*[a-z!?]|[{}\[\]`\\|=$]|[a-z0-9_]\(|&#?\w+;|\b(?:javascript|vbscript):",
    re.IGNORECASE,
)
# Words: letters only, or digits only ("18,5" is "18" and "5").
_TOKEN = re.compile(r"[^\W\d_]+|\d+")
# Separators in a list of signal numbers: "1 en 3", "2, 5", "3 4", "1 & 2", "1+2".
# A comma must be followed by a space: "2,5" is a decimal, not a list.
_NUMBER_SEPARATOR = re.compile(r"\s*,\s+|\s+en\s+|\s*[&+]\s*|\s+")
_LIST_NUMBER = re.compile(r"[1-9]\d?")
# Words that, with numbers, make a message an age and nothing more ("hij is 3 jaar").
_AGE_VOCABULARY = (
    set(NUMBER_WORDS)
    | set(UNIT_MONTHS)
    | set(AGE_WORDS)
    | set(HALF)
    | {
        "hij",
        "ze",
        "zij",
        "het",
        "is",
        "ben",
        "wordt",
        "werd",
        "van",
        "ongeveer",
        "bijna",
        "net",
        "zo",
        "n",
        "al",
        "pas",
        "oud",
        "half",
        "jaren",
        "leeftijd",
        "en",
        "nu",
    }
)
# Words of the other questions' answers (roles, yes/no, safety), small talk and function
# words: a message made only of these (and an age) describes nothing the child does,
# e.g. "Ouder of verzorger" or "Nee, iedereen is veilig" at the signals question.
_NOT_A_DESCRIPTION = {
    "ouder",
    "ouders",
    "verzorger",
    "verzorgster",
    "moeder",
    "vader",
    "mama",
    "papa",
    "mam",
    "pap",
    "opa",
    "oma",
    "stiefmoeder",
    "stiefvader",
    "pleeg",
    "pleegouder",
    "pleegouders",
    "pleegmoeder",
    "pleegvader",
    "adoptieouder",
    "adoptieouders",
    "adoptiemoeder",
    "adoptievader",
    "professional",
    "leerkracht",
    "juf",
    "meester",
    "jeugdarts",
    "arts",
    "begeleider",
    "hulpverlener",
    "docent",
    "mentor",
    "pedagoog",
    "orthopedagoog",
    "psycholoog",
    "ja",
    "jawel",
    "nee",
    "neen",
    "nope",
    "iedereen",
    "iemand",
    "niemand",
    "veilig",
    "onveilig",
    "helaas",
    "gelukkig",
    "ok",
    "oke",
    "oké",
    "okay",
    "okee",
    "hm",
    "hmm",
    "eh",
    "ehm",
    "uh",
    "hoi",
    "hallo",
    "hey",
    "hee",
    "ik",
    "de",
    "een",
    "of",
    "mijn",
    "niet",
    "weet",
    "wel",
    "dat",
}
# The start phrase again ("ik maak me zorgen over mijn zoon"): a worry word, and otherwise
# only these words (and an age).
_WORRY_WORDS = {"zorgen", "zorg", "zorge", "zorgn", "ongerust", "bezorgd"}
_START_VOCABULARY = _WORRY_WORDS | {
    "ik",
    "k",
    "maak",
    "maken",
    "maakte",
    "me",
    "mij",
    "m",
    "mn",
    "echt",
    "best",
    "wel",
    "heel",
    "erg",
    "zo",
    "n",
    "zon",
    "veel",
    "een",
    "beetje",
    "over",
    "ovr",
    "om",
    "mijn",
    "ons",
    "onze",
    "kind",
    "kindje",
    "knd",
    "zoon",
    "zoontje",
    "dochter",
    "dochtertje",
    "kleine",
    "pleegkind",
    "pleegzoon",
    "pleegdochter",
    "adoptiekind",
    "adoptiezoon",
    "adoptiedochter",
    "stiefzoon",
    "stiefdochter",
    "ben",
    "heb",
    "zit",
    "met",
    "nog",
    "toch",
    "eigenlijk",
    "hallo",
    "hoi",
    "help",
    "er",
    "daar",
    "hem",
    "haar",
    "ook",
    "hier",
}


@dataclass(frozen=True)
class Message:
    text: str
    intent: str
    confidence: float


@dataclass
class Reading:
    kind: str  # answer | correction | skip | safety | stop | start | digression | unclear
    values: dict[str, object] = field(default_factory=dict)
    problem: str | None = None  # e.g. "too_old": which re-ask text to use


def parse_home_safe(text: str) -> str | None:
    lowered = text.lower().strip()
    if is_skip(lowered) or re.search(r"\b(?:weet (?:ik )?niet|misschien|twijfel)\b", lowered):
        return UNKNOWN
    if re.search(r"\b(?:nee|neen|niemand|iedereen is veilig|gelukkig niet|nope)\b", lowered):
        return "safe"
    if re.search(r"\b(?:ja|jawel|helaas wel|soms|iemand is niet veilig|niet veilig|bang)\b", lowered):
        return "unsafe"
    return None


def payload_intent(text: str) -> str | None:
    """The intent a button payload or typed "/intent" names, or None for ordinary text."""
    match = _PAYLOAD.match(text.strip())
    return match.group(1) if match else None


def is_code_like(text: str) -> bool:
    """Markup or code ("<script>", "alert(1)", "{...}"): not something a parent answers."""
    return bool(_CODE_LIKE.search(text))


def _words(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def signal_numbers(text: str, count: int) -> list[int] | None:
    """The list numbers (1-based) when the whole message is a list of signal numbers.

    "1", "1 en 3", "2, 5", "3 4" give numbers; "18,5 jaar", "alert(1)", "2,5", "groep 8",
    or any number outside 1..count (e.g. "12" with nine signals) give None.
    """
    stripped = text.strip().rstrip(".!").strip()
    if not stripped:
        return None
    numbers: list[int] = []
    for part in _NUMBER_SEPARATOR.split(stripped):
        if not _LIST_NUMBER.fullmatch(part):
            return None
        number = int(part)
        if not 1 <= number <= count:
            return None
        if number not in numbers:
            numbers.append(number)
    return numbers


# Between the words of a keyword of several words, at most one other word: Dutch splits
# verbs and puts adverbs between them ("loopt weg" is also "loopt steeds weg", "niet
# troost" also "niet te troosten"). One word, not more: a wider gap joins words of
# different clauses ("veel tijd en aandacht").
_KEYWORD_GAP = r"\W+(?:\w+\W+)?"


@functools.cache
def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    return re.compile(_KEYWORD_GAP.join(re.escape(word) for word in keyword.split()))


def keyword_in(keyword: str, lowered: str) -> bool:
    """Whether a signal keyword occurs in a lower-cased text. A keyword of one word is a
    prefix or part of a word ("spijbel" in "spijbelt"), as before; the words of a longer
    one may have one word between them."""
    if " " not in keyword:
        return keyword in lowered
    return _keyword_pattern(keyword).search(lowered) is not None


def find_signals(text: str, catalogue: Sequence[Signal], by_number: bool) -> list[str]:
    """Signal ids named in a message, by keyword or label, or (when asked) by list number.

    Numbers count only when the whole message is a list of numbers within the catalogue
    (see `signal_numbers`); a digit inside other text never selects a signal.
    """
    if by_number:  # the numbers of the list offered, which holds only the checklist's signals
        listed = [s for s in catalogue if s.checklist]
        numbers = signal_numbers(text, len(listed))
        if numbers is not None:
            return [listed[number - 1].id for number in numbers]
    lowered = text.lower()
    found = [s.id for s in catalogue if any(keyword_in(k, lowered) for k in s.keywords)]
    for s in catalogue:
        if s.label.lower() in lowered and s.id not in found:
            found.append(s.id)
    return found


# "mijn zoon", "ons pleegmeisje", "mn dochter van 7": the writer names their own child. Words only,
# no model: the fallback must route the same whichever Dutch pipeline is loaded.
_CHILD_NOUN = (
    r"(?:kind|kinderen|kindje|zoon|zoontje|dochter|dochtertje|klein(?:zoon|dochter|kind)\w*"
    r"|pleeg\w+|adoptie\w+|stief(?:zoon|dochter|kind)\w*|peuter\w*|kleuter\w*|baby\w*"
    r"|tweeling\w*|kleine|kleintje|jongste|oudste|middelste|meisje|meidje|jongen|jongetje|ventje|mannetje"
    r"|dreumes\w*|puber\w*|tiener\w*"
    r"|\d{1,2}\s*-?\s*jarige)"
)
_OWN_CHILD = re.compile(
    # with a possessive: "mijn zoon", "onze kleine meid", "mijn 16jarige"
    rf"\b(?:mijn|mn|m'n|ons|onze)\s+(?:\w+\s+)?{_CHILD_NOUN}\b"
    # a message that starts with the child and its age, the possessive dropped: "zoon van 1,5 huilt"
    rf"|^\W*{_CHILD_NOUN}\s*(?:van\s+|\(\s*)?\d"
    # a pronoun with a child's age: "hij is 15 en spijbelt", "ze is nu 3"
    r"|\b(?:hij|ze|zij)\s+is\s+(?:nu\s+|pas\s+|bijna\s+|net\s+)?(?:1[0-8]|[1-9])\b"
    r"(?:\s*,\s*\d)?(?!\s*(?:keer|x|uur|minuten|dagen|weken|cm|kilo|kg|euro|procent|%))"
)


# A child told as "he" or "she" with the writer in the scene ("als ik hem optil bevriest hij",
# "ze blijft aan mijn been hangen"): one particular child, the writer's own. Both words must be
# there: "ze" alone is also "they" in a general question.
_HE_OR_SHE = re.compile(r"\b(?:hij|ze|zij|hem|haar)\b")
_THE_WRITER = re.compile(r"\b(?:ik|me|mij|mijn|mn|m'n|ons|onze)\b")
# ... unless "he" is a pet named before him: "onze hond jankt als ik weg ben, hoe leer ik hem..." is
# no child, while "hij huilde niet eens toen onze hond doodging" is.
_A_PET = re.compile(
    r"\b(?:hond\w*|pup\w*|kat|katten|poes\w*|kitten\w*|huisdier\w*|konijn\w*|cavia\w*|paard\w*)\b"
)


def names_own_child(text: str) -> bool:
    """Whether the writer talks about their own child ("mijn zoon", "onze pleegdochter",
    "mijn 16jarige", "zoon van 2 bijt", "hij is 15 en spijbelt", "ze klampt zich aan me vast")."""
    lowered = text.lower()
    if _OWN_CHILD.search(lowered):
        return True
    pronoun, pet = _HE_OR_SHE.search(lowered), _A_PET.search(lowered)
    if pronoun is None or not _THE_WRITER.search(lowered):
        return False
    return pet is None or pet.start() > pronoun.start()


def is_start_phrase(text: str) -> bool:
    """The start of the conversation said again ("Ik maak me zorgen over mijn zoon")."""
    words = _words(text)
    return any(w in _WORRY_WORDS for w in words) and all(
        w.isdigit() or w in _START_VOCABULARY or w in _AGE_VOCABULARY for w in words
    )


def is_free_text(text: str) -> bool:
    """Whether a message can be kept as "something else" at the signals question.

    It must describe something in words: not a payload, not code, not only an age or
    numbers ("18,5 jaar", "12"), and not only words that answer another question
    ("Ouder of verzorger", "Nee, iedereen is veilig") or "ja"/"ok".
    """
    if payload_intent(text) is not None or is_code_like(text):
        return False
    return any(
        w.isalpha() and len(w) >= 2 and w not in _AGE_VOCABULARY and w not in _NOT_A_DESCRIPTION
        for w in _words(text)
    )


def _details(text: str, filled: Mapping[str, Any], catalogue: Sequence[Signal]) -> dict[str, object]:
    """Values a message gives for questions other than the one asked (strict reading)."""
    values: dict[str, object] = {}
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


def _is_correction(details: dict[str, object], filled: Mapping[str, Any]) -> bool:
    return any(slot in details and filled.get(slot) not in (None, UNKNOWN) for slot in (ROLE, AGE))


def read(
    message: Message,
    requested: str | None,
    filled: Mapping[str, Any],
    catalogue: Sequence[Signal],
) -> Reading:
    """How the form should take this message, given the question it asked."""
    text = message.text.strip()
    payload = payload_intent(text)
    if payload is not None:
        # A button payload or typed intent is never an answer, a detail or free text.
        return _not_an_answer(
            payload or message.intent, 1.0 if payload else message.confidence, may_restart=True
        )
    if is_code_like(text):
        return _not_an_answer(message.intent, message.confidence, may_restart=False)
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
    if requested and is_start_phrase(text):
        # "Ik maak me zorgen" again answers no question. With the start intent the form
        # rejects and the start rule greets and goes on with the form; otherwise re-ask.
        return Reading("start") if message.intent == START_INTENT else answer
    if requested == SIGNALS and is_free_text(text):
        # Free text that names no listed signal is kept as "iets anders".
        noted = list(filled.get(NOTED) or [])
        return Reading("answer", {NOTED: [*noted, OTHER_SIGNAL], OTHER_TEXT: text, **details})
    if details:
        return Reading("answer", details)
    return answer


def _not_an_answer(intent: str, confidence: float, may_restart: bool) -> Reading:
    """A message with no answer in it: what the rules (or a re-ask) should do with it."""
    if intent == SAFETY_INTENT:
        return Reading("safety")
    if intent == STOP_INTENT:
        return Reading("stop")
    if intent == START_INTENT and may_restart:
        return Reading("start")
    if intent not in FORM_INTENTS and confidence >= DIGRESSION_CONFIDENCE:
        return Reading("digression")
    return Reading("unclear")


def _answer(
    text: str, requested: str | None, filled: Mapping[str, Any], catalogue: Sequence[Signal]
) -> Reading:
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
        if found:
            # Signals chosen again are still an answer, never "something else".
            return Reading("answer", {NOTED: noted + [s for s in found if s not in noted]})
        if is_done(text):
            return Reading("answer", {SIGNALS: noted})
        return Reading("unclear")
    if requested == HOME_SAFE:
        value = parse_home_safe(text)
        return Reading("answer", {HOME_SAFE: value}) if value else Reading("unclear")
    return Reading("unclear")
