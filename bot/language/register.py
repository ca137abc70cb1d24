"""Who is asking: a professional who says so ("als jeugdarts", "ik ben IB'er", "mijn cliënt"),
or anyone who asks for the research behind an answer ("welke meta-analyses ...").

Professionals get the precise layer of an answer first (detail, literature, sources);
parents keep the short answer with "Meer weten" (docs/language.md, "Who is asking").
Read from the words as typed, lower-cased and accents folded: no lemmas or parses, so
the same on every Dutch pipeline. Only a self-description counts: "de juf zegt dat ..."
is a parent quoting a teacher, "ik ben juf" is a teacher.
"""

from __future__ import annotations

import re

from bot.language.text import fold

SLOT = "register"  # the slot, and the entity that fills it
PROFESSIONAL = "professional"
PARENT = "parent"

PROFESSIONS = (
    r"(?:jeugd|consultatiebureau|huis|kinder)?arts",
    r"(?:jgz[- ]?|jeugd)?verpleegkundige",
    r"verloskundige",
    r"kraamverzorg(?:st)?er|kraamverzorgende",
    r"leerkracht|docent|mentor|juf|meester",
    r"ib'?(?:-?er)|intern begeleider",
    r"pm'?(?:-?er)|pedagogisch (?:medewerker|professional|coach)",
    r"gastouder",
    r"(?:persoonlijk |ambulant |woon|gezins)?begeleider",
    r"gedragswetenschapper|orthopedagoog|(?:gz-?)?psycholoog|pedagoog|therapeut|speltherapeut",
    r"(?:jeugd)?hulpverlener|maatschappelijk werker|sociaal werker|jeugdconsulent|gezinscoach",
    r"casemanager|zorgco[oö]rdinator|wijkteam ?(?:medewerker|lid)?|jeugdprofessional|professional",
    r"student(?: [a-z]+)?",
)
_PROFESSION = "(?:" + "|".join(PROFESSIONS) + ")"
_SELF_DESCRIPTION = re.compile(
    r"\b(?:als|ik ben|ik werk als|werkzaam als|wij zijn|in mijn (?:rol|werk) als|vanuit mijn rol als)"
    rf" (?:een |de |(?:jgz|jeugd|school|opvang|zorg)[- ])?{_PROFESSION}\b"
    # Work words that only a professional uses about the people they help.
    r"|\b(?:mijn|onze) (?:cli[e]nt(?:en|je|jes)?|leerling(?:en|etje)?|pupil(?:len)?|caseload)\b"
    r"|\bin (?:mijn|onze) (?:praktijk|klas|spreekuur)\b"
)


# Asking for the research behind an answer (a study, a meta-analysis, who is cited) is asking
# for the precise layer, whoever asks: it holds the literature and the sources.
_ASKS_FOR_RESEARCH = re.compile(
    r"\b(?:meta-?analyses?|referenties?|literatuur(?:verwijzing(?:en)?|lijst)?|publicaties?"
    r"|auteurs?|aangehaald|geciteerd|citeert|onderbouw(?:ing|en|t|d)|evidence|wetenschappelijke?"
    r"|(?<!mijn )studies?|onderzoekers?)\b"
)


def says_professional(text: str) -> bool:
    """True when the writer describes themselves as working with children or clients."""
    return _SELF_DESCRIPTION.search(fold(text)) is not None


def asks_for_research(text: str) -> bool:
    """True when the message asks for the studies or authors behind an answer."""
    return _ASKS_FOR_RESEARCH.search(fold(text)) is not None


def wants_precise_layer(text: str) -> bool:
    """A professional who says so, or anyone asking for the research: the precise layer first."""
    return says_professional(text) or asks_for_research(text)
