"""Reads a worried parent's free-text answers: the child's age, who is asking, skips.

Pure functions over text, so every odd input can be unit-tested without Rasa.
`strict=True` is for messages that answer a *different* question (corrections such
as "nee, ze is 5", or details in the first message): a value is only taken when the
words around it make clear what it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_AGE_MONTHS = 18 * 12

NUMBER_WORDS = {
    "nul": 0,
    "een": 1,
    "één": 1,
    "eén": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
    "tien": 10,
    "elf": 11,
    "twaalf": 12,
    "dertien": 13,
    "veertien": 14,
    "vijftien": 15,
    "zestien": 16,
    "zeventien": 17,
    "achttien": 18,
    "negentien": 19,
    "twintig": 20,
}
# Words that name an age by themselves, mapped to a typical age in months.
AGE_WORDS = {
    "pasgeboren": 1,
    "pasgeborene": 1,
    "baby": 6,
    "babie": 6,
    "zuigeling": 6,
    "dreumes": 18,
    "peuter": 30,
    "peutertje": 30,
    "kleuter": 60,
    "schoolkind": 96,
    "puber": 156,
    "tiener": 180,
    "tienerdochter": 180,
    "tienerzoon": 180,
    # Stages of life and school that people name instead of an age.
    "puberteit": 156,
    "adolescent": 180,
    "adolescente": 180,
    "adolescenten": 180,
    "adolescentie": 180,
    "babytijd": 6,
    "peuterleeftijd": 30,
    "peutertijd": 30,
    "kleuterleeftijd": 60,
    "kleutertijd": 60,
    "schoolleeftijd": 96,
    "tienerjaren": 180,
    "tienertijd": 180,
    "dreumesen": 18,
    "zuigelingen": 6,
    "pasgeborenen": 1,
    "schoolkinderen": 96,
    "kinderdagverblijf": 24,
    "kinderopvang": 24,
    "bso": 84,
    "peuterspeelzaal": 36,
    "kleuterklas": 60,
    "basisschool": 96,
    "basisschoolleeftijd": 96,
    "brugklas": 150,
    "brugklasser": 150,
    "middelbare school": 168,
}
HALF = {"anderhalf": 18, "tweeënhalf": 30, "tweeenhalf": 30, "drieënhalf": 42, "drieenhalf": 42}
UNIT_MONTHS = {
    "jaar": 12,
    "jaartje": 12,
    "jr": 12,
    "j": 12,
    "maanden": 1,
    "maand": 1,
    "mnd": 1,
    "mndn": 1,
    "weken": 0.25,
    "week": 0.25,
    "wk": 0.25,
}

_NUMBER = r"(\d{1,2}(?:[.,]5)?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_UNIT = r"(" + "|".join(sorted(UNIT_MONTHS, key=len, reverse=True)) + r")\b"
_WITH_UNIT = re.compile(_NUMBER + r"\s*" + _UNIT)
# Small words people put before an age: "ze is al 12", "als hij pas 3 is".
_ADVERB = r"(?:(?:al|nog|pas|nu|net|bijna|ongeveer|straks|inmiddels|binnenkort)\s+)?"
# A number followed by one of these counts something else: "ik ben al 3 dagen moe".
_NOT_AN_AGE = r"(?!\s*(?:dagen|dag|nachten|uur|uren|keer|minuten|kinderen|euro)\b)"
# "van 3", "is 5", "wordt 4", "ben 11", "is al 12" (only in strict mode with context).
_WITH_CONTEXT = re.compile(
    r"\b(?:van|is|wordt|werd|ben|leeftijd|age)\s+" + _ADVERB + _NUMBER + r"\b" + _NOT_AN_AGE
)
# Who the age is about, before a verb-last age: "hij", "je kind", "onze dochter".
_CHILD = (
    r"(?:hij|zij|ze|het|die|(?:(?:mijn|je|jouw|uw|ons|onze|het|een|de)\s+)"
    r"(?:kind|kindje|zoon|zoontje|dochter|dochtertje|kleine|baby|meisje|jongen|pleegkind))"
)
# Verb last, as in a Dutch subordinate clause: "als hij 3 is", "ook als je kind al 15 is".
_BEFORE_VERB = re.compile(
    r"\b" + _CHILD + r"\s+" + _ADVERB + _NUMBER + r"\s+(?:jaar\s+)?(?:is|wordt|was|werd)\b"
)
# "een 9-jarige", "voor 12 jarigen".
_YEARS_OLD = re.compile(_NUMBER + r"[- ]?jarigen?\b")
# A primary-school year names an age: "groep 1" is about 4, "groep 8" about 11.
_SCHOOL_YEAR = re.compile(r"\bgroep\s?([1-8])\b")
_SCHOOL_YEAR_FIRST_AGE = 4
_BARE = re.compile(r"^\s*(?:ongeveer|bijna|net|zo'?n)?\s*" + _NUMBER + r"\s*[.!?]*\s*$")

SKIP_WORDS = (
    "overslaan",
    "sla over",
    "sla deze over",
    "skip",
    "weet ik niet",
    "weet niet",
    "geen idee",
    "zeg ik liever niet",
    "liever niet",
    "wil ik niet zeggen",
    "geen antwoord",
)
DONE_WORDS = (
    "dat was het",
    "dat is het",
    "dat is alles",
    "klaar",
    "niks meer",
    "niets meer",
    "verder niks",
    "verder niets",
    "nee verder niet",
    "meer niet",
)


@dataclass(frozen=True)
class AgeAnswer:
    months: int | None  # None when the text names no age
    problem: str | None = None  # "too_old" when the age is over 18 years


def _number(token: str) -> float | None:
    token = token.lower()
    if token in NUMBER_WORDS:
        return float(NUMBER_WORDS[token])
    try:
        return float(token.replace(",", "."))
    except ValueError:
        return None


def _checked(months: float) -> AgeAnswer:
    if months > MAX_AGE_MONTHS:
        return AgeAnswer(None, "too_old")
    return AgeAnswer(round(months))


def parse_age(text: str, strict: bool = False) -> AgeAnswer:
    """The child's age in months, from "3", "drie", "18 maanden", "anderhalf", "peuter"."""
    lowered = text.lower()
    match = _WITH_UNIT.search(lowered)
    if match:
        value = _number(match.group(1))
        if value is not None:
            return _checked(value * UNIT_MONTHS[match.group(2)])
    for word, months in HALF.items():
        if re.search(rf"\b{word}\b", lowered):
            return _checked(months)
    match = _WITH_CONTEXT.search(lowered) or _BEFORE_VERB.search(lowered) or _YEARS_OLD.search(lowered)
    if match and (years := _number(match.group(1))) is not None:
        return _checked(years * 12)
    match = _SCHOOL_YEAR.search(lowered)
    if match:
        return _checked((_SCHOOL_YEAR_FIRST_AGE + int(match.group(1)) - 1) * 12 + 6)
    for word, months in AGE_WORDS.items():
        if re.search(rf"\b{word}s?\b", lowered):
            return _checked(months)
    if not strict:
        match = _BARE.match(lowered)
        if match and (years := _number(match.group(1))) is not None:
            return _checked(years * 12)
    return AgeAnswer(None)


def age_band(months: int | None) -> str | None:
    """The band whose advice fits: baby, toddler, school_child, teenager."""
    if months is None:
        return None
    if months < 12:
        return "baby"
    if months < 48:
        return "toddler"
    if months < 144:
        return "school_child"
    return "teenager"


def describe_age(months: int) -> str:
    """Dutch words for an age, for confirmations ("18 maanden", "3 jaar")."""
    if months < 24:
        return f"{months} maanden" if months != 1 else "1 maand"
    years, rest = divmod(months, 12)
    return f"{years} jaar" if rest < 6 else f"{years}½ jaar"


ROLE_PATTERNS = (
    # Foster and adoptive first: "mijn pleegzoon" also contains a parent's words.
    ("foster_adoptive", r"pleeg|adopt"),
    (
        "professional",
        r"\b(?:leerkracht|juf|meester|jeugdarts|arts|verpleegkundige|jgz|begeleider"
        r"|hulpverlener|professional|jeugdzorg|gedragswetenschapper|pedagoog|psycholoog"
        r"|orthopedagoog|wijkteam|mentor|docent|ik werk|werk als|cli[eë]nt|leerling)",
    ),
    (
        "parent",
        r"\b(?:ouders?|moeder|vader|mama|mam|papa|pap|verzorger|opa|oma|stiefmoeder"
        r"|stiefvader|mijn (?:zoon|dochter|kind|baby|jongen|meisje)"
        r"|ons (?:kind|meisje|zoontje)|onze (?:zoon|dochter|baby|jongen))",
    ),
)


def parse_role(text: str) -> str | None:
    """parent, foster_adoptive or professional, from how people describe themselves."""
    lowered = text.lower()
    for role, pattern in ROLE_PATTERNS:
        if re.search(pattern, lowered):
            return role
    return None


def mentions_lvb(text: str) -> bool:
    return bool(re.search(r"\blvb\b|licht verstandelijk|verstandelijke beperking", text.lower()))


def is_skip(text: str) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in SKIP_WORDS)


def is_done(text: str) -> bool:
    lowered = text.lower().strip(" .!")
    return lowered in ("nee", "neen", "nope", "nee hoor") or any(w in lowered for w in DONE_WORDS)
