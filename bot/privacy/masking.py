"""Mask personal data in a Dutch chat message before anything is stored or logged.

Why: parents tell the bot about their children, and some type a phone number, an
address or a child's name along the way. The bot never needs those details to answer,
so nothing personal may end up in the tracker store, the logs or an evaluation file.
`mask` replaces each detail by a Dutch placeholder in square brackets, so a stored
message still reads naturally ("bel me op [telefoonnummer]") and keeps its meaning for
later analysis.

What is masked, in this order (earlier kinds win where they overlap):

| kind         | examples                                                 | placeholder      |
|--------------|----------------------------------------------------------|------------------|
| e-mail       | jan.jansen@example.nl                                    | [e-mail]         |
| IBAN         | NL91ABNA0417164300, NL91 ABNA 0417 1643 00               | [iban]           |
| phone number | 06-12345678, +31 6 1234 5678, (020) 123 45 67            | [telefoonnummer] |
| BSN          | 123456782, 1234.56.782, 123 456 782                      | [bsn]            |
| postcode     | 1234 AB, 1234AB, 1234ab                                  | [postcode]       |
| address      | Kerkstraat 12, Lange Nieuwstraat 12-II, Van Goghlaan 3a  | [adres]          |
| name         | "ik ben Fatima", "mijn naam is Jan van den Berg",        | [naam]           |
|              | "de oma van Noor", "mijn dochter heet Noor"              |                  |

Kept as typed: the help lines the bot itself gives (112, 113, 0800-0113, 0800-2000,
0800-0432), ages, years, dates, times, amounts and counts ("18 maanden", "2021",
"3,5 jaar", "€ 1200", "groep 8").

Names are only recognised after a cue ("ik heet", "ik ben", "mijn naam is", "heet",
"de oma van", "mijn dochter", ...) and only when capitalised and not a common word
("ik ben Moeder", "ik ben Bang" stay). A name typed in lower case is not masked.

Every pattern is anchored at a token start (a lookbehind) and has no ambiguous nested
repetition, so each pass is linear in the length of the message. `mask` repeats its
passes until nothing changes (in practice one pass plus one check), which makes it
idempotent by construction: placeholders contain no digits, no '@' and no capital, so
they are never masked again, and every change shrinks the unmasked text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from re import Match, Pattern

PLACEHOLDERS: dict[str, str] = {
    "email": "[e-mail]",
    "iban": "[iban]",
    "phone": "[telefoonnummer]",
    "bsn": "[bsn]",
    "postcode": "[postcode]",
    "address": "[adres]",
    "name": "[naam]",
}


def _help_line_digits() -> frozenset[str]:
    """The public help lines the bot gives (digits only; typed once, in helplines.yml)."""
    from bot.content.model import load_helplines

    numbers = [part for line in load_helplines().values() for part in line.number.split(" of ")]
    return frozenset(re.sub(r"\D", "", number) for number in numbers)


# A user may repeat a help line back; that is not personal data.
HELP_LINES: frozenset[str] = _help_line_digits()


def _words(words: Iterable[str]) -> str:
    """An alternation of literal words, longest first (so 'straat' wins over 'st')."""
    return "|".join(re.escape(word) for word in sorted(set(words), key=lambda w: (-len(w), w)))


# Upper-case letters of Latin-1 and Latin Extended-A/B (Ö, Ş, Ç, Ž, ...), for names.
_UPPER = "".join(re.escape(chr(code)) for code in range(0x250) if chr(code).isupper())
_LETTER = r"[^\W\d_]"
_NOT_AFTER_LETTER = rf"(?<!{_LETTER})"

# --- e-mail -------------------------------------------------------------------------
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

# --- IBAN: Dutch in any case, other countries in capitals, with or without spaces ---
_IBAN = re.compile(
    r"(?<![^\W_])(?:"
    r"(?i:nl)[ ]?\d{2}[ ]?(?i:[a-z]{4})(?:[ ]?\d){10}"
    r"|[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?\d{1,3})?"
    r")(?!\w)"
)

# --- phone numbers: 10 national digits, or +31/0031 and 9 digits ---------------------
# Between two digits at most two separators: "06 - 12345678", "(020) 123 45 67".
_SEP = r"[ \-./()]{0,2}"
_PHONE = re.compile(
    r"(?<![\d+])(?:"
    rf"(?:\+|00)[ ]?31[ \-.]?(?:\(0\)[ \-.]?)?\d(?:{_SEP}\d){{8}}"
    rf"|\(?0(?:{_SEP}\d){{9}}"
    r")(?!\d)"
)
# A date with a four-digit year ("06-12-2021 10:00" holds ten digits too).
_DATE_START = re.compile(r"\d{1,2}[-./]\d{1,2}[-./](?:19|20)\d{2}(?!\d)")

# --- BSN: nine digits, plain or grouped 3-3-3 / 4-2-3 by a space or dot -------------
_BSN = re.compile(
    r"(?<!\d)(?<!\d[.,])"
    r"(?:\d{9}|\d{3}[ .]\d{3}[ .]\d{3}|\d{4}[ .]\d{2}[ .]\d{3})"
    r"(?![.,]?\d)"
)

# --- postcode: 1234 AB / 1234AB / 1234ab ----------------------------------------------
_POSTCODE = re.compile(
    r"(?<![\w€$.,])(?<!€ )(?<!\$ )[1-9]\d{3}(?:[ ]?(?P<upper>[A-Z]{2})|[ ]?(?P<lower>[a-z]{2}))(?!\w)"
)
# Letter pairs never issued in postcodes.
_UNISSUED_POSTCODE_LETTERS: frozenset[str] = frozenset({"SA", "SD", "SS"})
# Lower-case pairs that follow a number in ordinary text ("2021 en", "1200 kg").
_NOT_POSTCODE_LETTERS: frozenset[str] = frozenset(
    [
        "en",
        "of",
        "al",
        "ik",
        "je",
        "we",
        "ze",
        "is",
        "in",
        "op",
        "om",
        "na",
        "nu",
        "zo",
        "er",
        "te",
        "de",
        "la",
        "da",
        "ga",
        "ja",
        "he",
        "uw",
        "as",
        "eh",
        "oh",
        "ok",
        "km",
        "cm",
        "mm",
        "dm",
        "kg",
        "mg",
        "gr",
        "ml",
        "cl",
        "dl",
        "pm",
        "am",
        "st",
        "ex",
        "xl",
        "ct",
        "kb",
        "mb",
        "gb",
        "tv",
        "pc",
        "ss",
        "sa",
        "sd",
        "dr",
        "hr",
        "cd",
        "bv",
        "nv",
        "vs",
        "me",
        "my",
        "to",
        "at",
        "an",
        "no",
        "so",
        "or",
        "if",
        "it",
        "be",
        "by",
        "do",
        "go",
        "hi",
        "up",
        "us",
    ]
)

# --- street address: street name ending in a street word, then a house number ------
STREET_SUFFIXES: tuple[str, ...] = (
    "straat",
    "laan",
    "weg",
    "plein",
    "gracht",
    "kade",
    "singel",
    "dijk",
    "hof",
    "steeg",
    "dreef",
    "park",
    "pad",
    "erf",
    "baan",
    "markt",
    "wal",
)
# Words that start a sentence but never a street name ("Op de Kerkstraat 12").
_NOT_STREET_START = _words(
    [
        "Op",
        "In",
        "Aan",
        "Bij",
        "Naar",
        "Ik",
        "Wij",
        "We",
        "Mijn",
        "Onze",
        "Via",
        "Langs",
        "Over",
        "Tot",
        "Vanaf",
        "Uit",
        "Woon",
        "Wonen",
        "Adres",
        "Hij",
        "Zij",
        "Ze",
        "Je",
        "Jij",
        "U",
        "Is",
        "Dat",
        "Dit",
        "Het",
        "Een",
    ]
)
_STREET_JOINERS = _words(
    ["van", "de", "der", "den", "het", "'t", "ter", "ten", "te", "in", "op", "aan", "bij"]
)
_CAP_WORD = rf"[{_UPPER}]{_LETTER}*(?:['’.\-]{_LETTER}+){{0,3}}\.?"
# A compound in any case ("kerkstraat", "Nieuwstraat") or a capitalised bare street
# word ("Oude Gracht"); a bare lower-case "weg" or "park" is an ordinary word.
_STREET_WORD = (
    rf"(?:{_LETTER}+(?i:{_words(STREET_SUFFIXES)})"
    rf"|(?:{_words(s.capitalize() for s in STREET_SUFFIXES)}))"
)
# A house number that is really a count or a time: "op de snelweg 3 keer", "park 2 uur".
_NOT_HOUSE_NUMBER = _words(
    [
        "jaar",
        "jaren",
        "maand",
        "maanden",
        "week",
        "weken",
        "dag",
        "dagen",
        "uur",
        "uren",
        "keer",
        "maal",
        "minuut",
        "minuten",
        "seconden",
        "kwartier",
        "nacht",
        "nachten",
        "kind",
        "kinderen",
        "euro",
        "cent",
        "km",
        "kilometer",
        "meter",
        "m",
        "kilo",
        "kg",
        "procent",
        "x",
        "stuks",
        "personen",
        "mensen",
    ]
)
_HOUSE_NUMBER = (
    rf"(?:(?i:nr\.?|nummer|no\.?)[ ]?)?\d{{1,5}}(?!\d)(?![.,:]\d)"
    rf"(?![ ]?(?i:{_NOT_HOUSE_NUMBER})(?!\w))(?![ ]?%)"
    rf"(?:{_LETTER}(?!\w)|-[A-Za-z0-9]{{1,4}}(?!\w)"
    r"|[ ](?:bis|hs|huis|boven|beneden|bg|zw|rd|I{1,3}|IV|[A-Z])(?!\w))?"
)
_ADDRESS = re.compile(
    rf"{_NOT_AFTER_LETTER}"
    rf"(?:(?!(?:{_NOT_STREET_START})\b){_CAP_WORD}[ ]+(?:(?:{_CAP_WORD}|{_STREET_JOINERS})[ ]+){{0,3}})?"
    rf"{_STREET_WORD}[ ]+{_HOUSE_NUMBER}"
)

# --- names after a cue ----------------------------------------------------------------
_ROLES = _words(
    [
        "oma",
        "opa",
        "moeder",
        "vader",
        "mama",
        "papa",
        "juf",
        "meester",
        "pleegmoeder",
        "pleegvader",
        "stiefmoeder",
        "stiefvader",
        "tante",
        "oom",
        "broer",
        "zus",
        "broertje",
        "zusje",
        "mentor",
        "begeleider",
        "voogd",
        "ouders",
    ]
)
_KIN = _words(
    [
        "dochter",
        "zoon",
        "kind",
        "baby",
        "dochtertje",
        "zoontje",
        "kleindochter",
        "kleinzoon",
        "pleegdochter",
        "pleegzoon",
        "pleegkind",
        "stiefdochter",
        "stiefzoon",
        "man",
        "vrouw",
        "partner",
        "vriend",
        "vriendin",
        "ex",
    ]
)
_NAME_CUE = (
    rf"{_NOT_AFTER_LETTER}(?i:ik[ ]+heet|mijn[ ]+naam[ ]+is|ik[ ]+ben|heet|heten"
    rf"|(?:(?:de|het|mijn|onze)[ ]+)?(?:{_ROLES})[ ]+van"
    rf"|(?:mijn|onze)[ ]+(?:{_KIN}))[ ]+"
)
# Capitalised words after a cue that are not a name ("ik ben Moeder", "ik ben Bang").
_NOT_A_NAME = _words(
    [
        "de",
        "het",
        "een",
        "niet",
        "wel",
        "nog",
        "al",
        "ook",
        "zo",
        "heel",
        "erg",
        "echt",
        "best",
        "zelf",
        "geen",
        "gewoon",
        "juist",
        "wat",
        "soms",
        "altijd",
        "nu",
        "net",
        "eigenlijk",
        "toch",
        "er",
        "hier",
        "daar",
        "bezig",
        "benieuwd",
        "op",
        "in",
        "bij",
        "met",
        "aan",
        "van",
        "voor",
        "over",
        "om",
        "bang",
        "boos",
        "moe",
        "blij",
        "verdrietig",
        "ongerust",
        "bezorgd",
        "onzeker",
        "zwanger",
        "alleen",
        "alleenstaand",
        "gescheiden",
        "getrouwd",
        "jarig",
        "ziek",
        "moeder",
        "vader",
        "mama",
        "papa",
        "ouder",
        "ouders",
        "oma",
        "opa",
        "pleegmoeder",
        "pleegvader",
        "pleegouder",
        "stiefmoeder",
        "stiefvader",
        "tante",
        "oom",
        "juf",
        "meester",
        "leerkracht",
        "docent",
        "arts",
        "huisarts",
        "verpleegkundige",
        "student",
        "mentor",
        "begeleider",
        "voogd",
        "dochter",
        "zoon",
        "kind",
        "baby",
        "man",
        "vrouw",
        "partner",
        "vriend",
        "vriendin",
        "ex",
        "nederlands",
        "nederlandse",
        "nederlander",
        "marokkaans",
        "marokkaanse",
        "turks",
        "turkse",
        "surinaams",
        "surinaamse",
        "belg",
        "belgisch",
        "vlaams",
        "duits",
        "pools",
        "moslim",
        "christen",
        "katholiek",
        "joods",
        "maandag",
        "dinsdag",
        "woensdag",
        "donderdag",
        "vrijdag",
        "zaterdag",
        "zondag",
        "ik",
        "jij",
        "je",
        "hij",
        "zij",
        "ze",
        "wij",
        "we",
        "jullie",
        "u",
        "mijn",
        "jouw",
        "zijn",
        "haar",
        "ons",
        "onze",
        "hun",
        "dat",
        "dit",
        "die",
        "deze",
        "en",
        "maar",
        "want",
        "dus",
        "toen",
        "hoe",
        "waarom",
        "wanneer",
        "waar",
        "wie",
    ]
)
# Capitalised words that start a new sentence rather than continue a surname.
_NOT_A_SURNAME = _words(
    [
        "Ik",
        "Jij",
        "Je",
        "Hij",
        "Zij",
        "Ze",
        "Wij",
        "We",
        "U",
        "Mijn",
        "Onze",
        "Een",
        "En",
        "Maar",
        "Want",
        "Dus",
        "Toen",
        "Nu",
        "Hoe",
        "Wat",
        "Waarom",
        "Wanneer",
        "Waar",
        "Wie",
        "Kan",
        "Kun",
        "Mag",
        "Is",
        "Heb",
        "Ben",
        "Wil",
        "Zal",
        "Hallo",
        "Hoi",
        "Dag",
        "Dank",
        "Bedankt",
        "Groeten",
        "Goedemorgen",
        "Goedemiddag",
        "Goedenavond",
    ]
)
_SURNAME_JOINERS = _words(
    [
        "van",
        "de",
        "der",
        "den",
        "te",
        "ter",
        "ten",
        "het",
        "'t",
        "in",
        "op",
        "la",
        "le",
        "da",
        "di",
        "du",
        "dos",
        "del",
        "von",
        "el",
        "al",
        "bin",
    ]
)
# Capitalised, not all capitals: a message typed in capitals has no name cue to trust
# ("MIJN KIND HEEFT ..."). The Dutch digraph IJ may start a name ("IJsbrand").
_NAME_WORD = rf"(?!(?!IJ)[{_UPPER}]{{2}})[{_UPPER}]{_LETTER}*(?:['’\-]{_LETTER}+){{0,3}}"
_NAME = re.compile(
    rf"(?P<cue>{_NAME_CUE})(?!(?i:{_NOT_A_NAME})(?!\w)){_NAME_WORD}"
    rf"(?:[ ]+(?:(?:{_SURNAME_JOINERS})[ ]+){{0,3}}(?!(?:{_NOT_A_SURNAME})(?!\w)){_NAME_WORD}){{0,3}}"
)


def _digits(text: str) -> str:
    return "".join(char for char in text if char.isdigit())


def _mask_phone(match: Match[str]) -> str:
    """A phone number, unless it is a help line or a date with a time after it."""
    found = match.group(0)
    if _digits(found) in HELP_LINES or _DATE_START.match(found):
        return found
    return PLACEHOLDERS["phone"]


def _mask_postcode(match: Match[str]) -> str:
    """A postcode, unless the letters are never issued or an ordinary word/unit."""
    upper, lower = match.group("upper"), match.group("lower")
    if upper in _UNISSUED_POSTCODE_LETTERS or lower in _NOT_POSTCODE_LETTERS:
        return match.group(0)
    return PLACEHOLDERS["postcode"]


def _mask_name(match: Match[str]) -> str:
    """Keep the cue ("ik ben "), mask the name after it."""
    return match.group("cue") + PLACEHOLDERS["name"]


def _constant(placeholder: str) -> Callable[[Match[str]], str]:
    return lambda _match: placeholder


# A cheap necessary condition per pass: a long message without it skips the pass.
_ANY_DIGIT = re.compile(r"\d")
_EMAIL_HINT = re.compile("@")
_ADDRESS_HINT = re.compile(rf"(?i:{_words(STREET_SUFFIXES)})[ ]+(?:(?i:nr\.?|nummer|no\.?)[ ]?)?\d")
_NAME_HINT = re.compile(r"(?i:heet|heten|naam|ben|van|mijn|onze)")

# Order matters: an e-mail or IBAN holds digit runs that look like a phone number or BSN.
_PASSES: tuple[tuple[Pattern[str], Pattern[str], Callable[[Match[str]], str]], ...] = (
    (_EMAIL_HINT, _EMAIL, _constant(PLACEHOLDERS["email"])),
    (_ANY_DIGIT, _IBAN, _constant(PLACEHOLDERS["iban"])),
    (_ANY_DIGIT, _PHONE, _mask_phone),
    (_ANY_DIGIT, _BSN, _constant(PLACEHOLDERS["bsn"])),
    (_ANY_DIGIT, _POSTCODE, _mask_postcode),
    (_ADDRESS_HINT, _ADDRESS, _constant(PLACEHOLDERS["address"])),
    (_NAME_HINT, _NAME, _mask_name),
)


def _mask_once(text: str) -> str:
    for hint, pattern, replace in _PASSES:
        if hint.search(text):
            text = pattern.sub(replace, text)
    return text


def mask(text: str) -> str:
    """The message with every personal detail replaced by a Dutch placeholder.

    Idempotent: mask(mask(text)) == mask(text). The loop ends because each change
    replaces unmasked text by a placeholder that no pattern matches.
    """
    masked = _mask_once(text)
    while True:
        again = _mask_once(masked)
        if again == masked:
            return masked
        masked = again


def contains_personal_data(text: str) -> bool:
    """Whether `mask` would change the message."""
    return mask(text) != text
