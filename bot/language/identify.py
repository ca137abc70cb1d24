"""Is a message clearly written in another language than Dutch?

Hechtbot only speaks Dutch. When a parent writes in another language the bot should
say so kindly instead of guessing at an intent, but it must never brush off a Dutch
message: Dutch with typos, chat slang ("ff checken", "mn kid is zo clingy"), Flemish,
English loanwords, a single "ok" or "18 maanden" all stay Dutch. So the check is
deliberately one-sided: it answers True only when the evidence is clear.

Two kinds of evidence:

* Script. Most letters in Arabic, Cyrillic, CJK, Hebrew, Devanagari, Thai, Greek, ...
  script: not Dutch. Counted per letter with the Unicode character names, no model.
* Latin script. A text of at least MIN_WORDS words is scored with py3langid (the
  langid.py naive Bayes model, bundled inside the wheel; deterministic, no download)
  restricted to LATIN_CANDIDATES. Only a confident, large-margin win of a language
  other than Dutch counts, and in a short text (under LONG_TEXT_WORDS words) only when
  a typical word or letter of another language confirms it. Afrikaans is scored as
  Dutch (Flemish and informal Dutch often look Afrikaans to the model), and a text
  with enough distinctly Dutch words (DUTCH_MARKERS) stays Dutch whatever the model
  says (mixed Dutch-English messages).

Work is bounded: only the first MAX_CHARS characters are read, and everything after
that is linear in their number.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

# Only this much of a message is looked at; enough to tell a language, bounded work.
MAX_CHARS = 1000
# A Latin-script text needs this many words before the model's verdict counts.
MIN_WORDS = 4
# The winning non-Dutch language needs this probability (over LATIN_CANDIDATES) ...
MIN_CONFIDENCE = 0.9
# ... and this lead over Dutch (nl + af) before a Latin-script text counts as foreign.
MIN_MARGIN = 0.8
# At least this many letters, and this share of all letters, in a non-Latin script.
MIN_NON_LATIN_LETTERS = 2
MIN_NON_LATIN_SHARE = 0.5
# A text whose words are at least this share of DUTCH_MARKERS stays Dutch.
DUTCH_MARKER_SHARE = 0.15

DUTCH = "nl"
# Languages the model may weigh a Latin-script text against. Afrikaans stands in for
# Flemish and dialect spellings ("ons manneke wilt nie slapen") and counts as Dutch.
# Close relatives that would only add false alarms for Dutch with typos (Luxembourgish,
# the Scandinavian languages) are left out.
DUTCH_LIKE = frozenset({"nl", "af"})
LATIN_CANDIDATES = (
    "nl",
    "af",
    "en",
    "de",
    "fr",
    "es",
    "pt",
    "it",
    "pl",
    "tr",
    "ro",
    "id",
    "sw",
    "hr",
    "sq",
    "cs",
    "hu",
    "vi",
    "tl",
)

# Words that are common in (informal) Dutch and rare in the other candidate languages.
# Words shared with them are left out on purpose: "de", "en", "van", "die", "is",
# "te", "nu", "dan", "met", "kan", "ben", "er", "ze", "da", "nie", "al", "om", "kind",
# "als", "over", "dit", "mag", "even", "school", "u" (chat English "can u ...").
DUTCH_MARKERS = frozenset(
    [
        "ik",
        "jij",
        "jou",
        "jouw",
        "hij",
        "zij",
        "wij",
        "jullie",
        "hun",
        "hen",
        "mijn",
        "mn",
        "m'n",
        "zijn",
        "zn",
        "z'n",
        "haar",
        "d'r",
        "onze",
        "het",
        "een",
        "niet",
        "geen",
        "wel",
        "ook",
        "nog",
        "maar",
        "toch",
        "heel",
        "erg",
        "zo",
        "wat",
        "hoe",
        "waarom",
        "wanneer",
        "welke",
        "waar",
        "omdat",
        "dat",
        "deze",
        "naar",
        "bij",
        "uit",
        "voor",
        "op",
        "tegen",
        "zonder",
        "alleen",
        "altijd",
        "nooit",
        "soms",
        "steeds",
        "vaak",
        "meer",
        "veel",
        "weinig",
        "eigenlijk",
        "misschien",
        "gewoon",
        "heb",
        "hebt",
        "heeft",
        "hebben",
        "moet",
        "moeten",
        "wil",
        "wilt",
        "willen",
        "weet",
        "weten",
        "doe",
        "doet",
        "doen",
        "gaat",
        "gaan",
        "krijg",
        "krijgt",
        "wordt",
        "zou",
        "zouden",
        "kun",
        "kunt",
        "kunnen",
        "mogen",
        "slaapt",
        "slapen",
        "huilt",
        "huilen",
        "zoon",
        "dochter",
        "kinderen",
        "kindje",
        "jongen",
        "meisje",
        "ouders",
        "vriend",
        "vriendin",
        "oppas",
        "opvang",
        "hoi",
        "bedankt",
        "alsjeblieft",
        "ff",
        "effe",
        "nee",
        "jawel",
        "oke",
        "oké",
        "ge",
        "gij",
        "uw",
        "nen",
        "allee",
    ]
)

# Function words and everyday words of the other candidate languages (and Somali,
# which the model does not know). A short Latin-script text only counts as foreign when
# the model is confident AND at least one such word (or FOREIGN_LETTERS) confirms it:
# the model alone mistakes Dutch keyword queries ("trauma hechting samenhang jeugdarts")
# for German or English. Words that are also Dutch, or common in Dutch chat, are left
# out ("is", "in", "of", "help", "baby", "kid", "sorry", "was", "wie", "die", "je",
# "me", "ben", "nie", "mais", "den", "er").
FOREIGN_MARKERS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": """the my you your i i'm what and can do does don't doesn't how where who
            why when with for not please hello are am have has need about this that there
            someone anyone should would could husband wife son daughter child children
            hits hit beats speak english dutch they he she his him it's to she's he's
            question worried sleep night""",
        "de": """ich du sie wir ihr mein meine meinen meiner mir mich dich dir und nicht ist
            sind bin habe hast hat haben kann können ein eine einen einem der das dem zu
            mit auf aus für bei auch sehr kinder mann frau sohn tochter schlägt hilfe
            helfen bitte danke geht gibt soll muss weint schläft nachts jahre guten
            deutsch sprechen""",
        "fr": """tu il elle nous vous mon ma mes mari femme fils fille enfant enfants les le
            la des du et est pas ne que qui pour avec dans une un ce ça c'est j'ai m'aider
            aider frappe bonjour merci peux parle oui non sur au aux ai suis nuit dort""",
        "es": """yo mi mis tu el los las la que y es no hijo hija hijos niños esposo marido
            pega ayuda ayudar quiere puedo por para con una un del está tengo hola gracias
            noche dormir cómo qué""",
        "pt": """eu meu minha meus filho filha filhos crianças marido não que com para uma
            um está bate ajuda muito obrigado obrigada você faço dorme""",
        "it": """io mio mia figlio figlia figli bambini marito non che il lo gli è sono per
            con una aiuto grazie mi""",
        "pl": """mój moja moje mąż dzieci dziecko syn córka mnie się jest czy jak co mam
            po bije pomoc proszę dziękuję żona""",
        "tr": """benim kocam eşim oğlum kızım çocuk çocuklar çocuklara çocuğum bana beni
            ve bir bu için var yok yardım lütfen teşekkür değil mi mı çok nasıl vuruyor
            dövüyor""",
        "ro": """eu meu mea soțul copiii copilul fiul fiica nu și este sunt cu pentru
            ajutor vă mă bate mulțumesc""",
        "id": """saya aku anak suami istri dan tidak yang ini itu dengan untuk tolong
            bantuan apa bagaimana terima kasih memukul""",
        "so": """waxaan wiilkayga gabadhayda ninkayga carruurta caruurta iyo aan waa ku
            ka igu caawimaad fadlan mahadsanid garaaca wuu""",
    }.items()
}
# Letters that Dutch spelling does not use (loanwords aside); a word with one is foreign evidence.
FOREIGN_LETTERS = frozenset("łąęśźżćńğşıñßäřžčšěůőűășțţđơưãõçœ")
# Which languages list a marker word.
_MARKER_LANGUAGES: dict[str, tuple[str, ...]] = {}
for _lang, _markers in FOREIGN_MARKERS.items():
    for _marker in _markers:
        _MARKER_LANGUAGES[_marker] = (*_MARKER_LANGUAGES.get(_marker, ()), _lang)
# From this many words on, a confident model needs no confirming foreign word.
LONG_TEXT_WORDS = 8

# A script's usual language, for detect_language when the model is unsure.
_SCRIPT_LANGUAGE: dict[str, str] = {
    "ARABIC": "ar",
    "CYRILLIC": "ru",
    "CJK": "zh",
    "HIRAGANA": "ja",
    "KATAKANA": "ja",
    "HANGUL": "ko",
    "HEBREW": "he",
    "DEVANAGARI": "hi",
    "THAI": "th",
    "GREEK": "el",
    "ARMENIAN": "hy",
    "GEORGIAN": "ka",
    "ETHIOPIC": "am",
    "BENGALI": "bn",
    "TAMIL": "ta",
    "GURMUKHI": "pa",
    "KHMER": "km",
    "LAO": "lo",
}

# A word: letters, possibly joined by apostrophes ("m'n", "z'n").
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# "jaaaaa", "nooooo" -> "jaa", "noo": stretched letters confuse the character model.
_STRETCH = re.compile(r"(.)\1{2,}")


@lru_cache(maxsize=4096)
def _script(char: str) -> str:
    """The Unicode script of a letter, from its character name ("LATIN", "ARABIC", ...)."""
    if char < "\u0250":  # Basic Latin to Latin Extended-B
        return "LATIN"
    name = unicodedata.name(char, "")
    if not name:
        return "UNKNOWN"
    if name.startswith(("LATIN", "MODIFIER LETTER")) or "LATIN" in name.split(" ", 2)[:2]:
        return "LATIN"  # includes FULLWIDTH LATIN (NFKC usually folds those already)
    return name.split(" ", 1)[0]


def _is_link(token: str) -> bool:
    return "://" in token or "@" in token or token.casefold().startswith("www.")


def _prepare(text: object) -> str:
    """The first MAX_CHARS characters, NFKC-folded, without URLs, e-mail and @handles."""
    if not isinstance(text, str):
        return ""
    head = unicodedata.normalize("NFKC", text[:MAX_CHARS])[:MAX_CHARS]
    return " ".join(token for token in head.split() if not _is_link(token))


def _script_counts(text: str) -> tuple[int, dict[str, int]]:
    """Number of Latin letters and of letters per other script."""
    latin = 0
    other: dict[str, int] = {}
    for char in text:
        if not char.isalpha():
            continue
        script = _script(char)
        if script == "LATIN":
            latin += 1
        else:
            other[script] = other.get(script, 0) + 1
    return latin, other


def _mostly_non_latin(latin: int, other: dict[str, int]) -> bool:
    non_latin = sum(other.values())
    total = latin + non_latin
    return non_latin >= MIN_NON_LATIN_LETTERS and non_latin / total >= MIN_NON_LATIN_SHARE


def _latin_words(text: str) -> list[str]:
    words = []
    for word in _WORD.findall(text.casefold()):
        if all(_script(c) == "LATIN" for c in word if c.isalpha()):
            words.append(_STRETCH.sub(r"\1\1", word).replace("’", "'"))
    return words


@lru_cache(maxsize=1)
def _full_identifier() -> LanguageIdentifier:
    """py3langid's bundled model over all its 97 languages, with normalised probabilities."""
    return LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)


@lru_cache(maxsize=1)
def _latin_identifier() -> LanguageIdentifier:
    """The same model restricted to LATIN_CANDIDATES (sharing the loaded arrays)."""
    full = _full_identifier()
    identifier = LanguageIdentifier(
        full.nb_ptc,
        full.nb_pc,
        full.nb_numfeats,
        full.nb_classes,
        full.tk_nextmove,
        full.tk_output,
        norm_probs=True,
    )
    identifier.set_languages(list(LATIN_CANDIDATES))
    return identifier


def _is_dutch_by_markers(words: list[str]) -> bool:
    markers = sum(1 for word in words if word in DUTCH_MARKERS)
    return markers >= max(1, math.ceil(DUTCH_MARKER_SHARE * len(words)))


def _foreign_evidence(words: list[str]) -> tuple[int, dict[str, int]]:
    """Words that confirm a foreign language: how many, and marker counts per language."""
    per_language: dict[str, int] = {}
    evidence = 0
    for word in words:
        languages = _MARKER_LANGUAGES.get(word, ())
        for lang in languages:
            per_language[lang] = per_language.get(lang, 0) + 1
        if languages or any(char in FOREIGN_LETTERS for char in word):
            evidence += 1
    return evidence, per_language


def _latin_verdict(words: list[str]) -> str | None:
    """The confident language of a Latin-script text ("nl" for Dutch), or None if unsure."""
    if len(words) < MIN_WORDS:
        return None
    if _is_dutch_by_markers(words):
        return DUTCH
    ranking = _latin_identifier().rank(" ".join(words))
    dutch = sum(prob for lang, prob in ranking if lang in DUTCH_LIKE)
    best_lang, best_prob = next((lang, prob) for lang, prob in ranking if lang not in DUTCH_LIKE)
    if best_prob >= MIN_CONFIDENCE and best_prob - dutch >= MIN_MARGIN:
        evidence, per_language = _foreign_evidence(words)
        if evidence == 0 and len(words) < LONG_TEXT_WORDS:
            return None
        if per_language and best_lang not in per_language:
            # Short texts fool the model ("hello, I need help" -> it); trust the words.
            order = {lang: rank for rank, (lang, _) in enumerate(ranking)}
            best_lang = max(per_language, key=lambda lang: (per_language[lang], -order.get(lang, 99)))
        return best_lang
    if dutch >= MIN_CONFIDENCE:
        return DUTCH
    return None


def _non_latin_language(text: str, other: dict[str, int]) -> str | None:
    script = max(other, key=lambda name: other[name])
    lang, prob = _full_identifier().classify(text)
    if lang not in LATIN_CANDIDATES and prob >= 0.5:
        return str(lang)
    return _SCRIPT_LANGUAGE.get(script)


def detect_language(text: object) -> str | None:
    """The message's language as an ISO 639-1 code ("nl" for Dutch and Flemish).

    None when there is not enough to go on: no letters, a Latin-script text shorter
    than MIN_WORDS words, or no confident winner.
    """
    prepared = _prepare(text)
    latin, other = _script_counts(prepared)
    if _mostly_non_latin(latin, other):
        return _non_latin_language(prepared, other)
    return _latin_verdict(_latin_words(prepared))


def is_other_language(text: object) -> bool:
    """True only when the message is clearly not Dutch (see the module docstring)."""
    prepared = _prepare(text)
    latin, other = _script_counts(prepared)
    if _mostly_non_latin(latin, other):
        return True
    verdict = _latin_verdict(_latin_words(prepared))
    return verdict is not None and verdict != DUTCH
