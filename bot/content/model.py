"""Typed model of the curated content and its loader.

The YAML files under `bot/content/` are the single place where an intent's answer,
detail, sources, buttons and examples live; everything Rasa reads is generated
from the objects defined here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml
from pydantic import BaseModel, Extra, Field, validator

from bot.content.evidence import Evidence, sources_for

CONTENT_DIR = Path(__file__).resolve().parent
TOPICS_DIR = CONTENT_DIR / "topics"


class Source(BaseModel):
    organisation: str
    title: str
    url: str
    date: str
    retrieved: str
    note: Optional[str] = None

    def label(self) -> str:
        """How an answer names the source in one line."""
        return f"{self.organisation}, ‘{self.title}’"


class Helpline(BaseModel):
    name: str
    number: str
    for_: str = Field(alias="for")


class Intent(BaseModel):
    """One intent: what users say and what the bot answers."""

    intent: str
    title: str
    answer: str
    more: str = ""
    literature: List[str] = []
    # One entry per claim: our words, the source, the source's own words (evidence.py).
    evidence: List[Evidence] = []
    # When a content maintainer last checked this file against its sources (docs/content-review.md).
    reviewed: Optional[date] = None
    related: List[str] = []
    examples: List[str]
    test_examples: List[str]
    # Set by the loader: "topic" or "conversation", and the file it came from.
    kind: str = "topic"
    path: Optional[Path] = None

    class Config:
        extra = Extra.forbid  # a misspelt field name is an error, not silently ignored

    @validator("examples", "test_examples", each_item=True)
    def _strip(cls, value: str) -> str:  # noqa: N805 (pydantic validator)
        return str(value).strip()

    @property
    def is_topic(self) -> bool:
        return self.kind == "topic"

    @property
    def response_name(self) -> str:
        return f"utter_{self.intent}"

    @property
    def answer_sources(self) -> List[str]:
        """Sources the short answer actually uses (its "Bron:" line)."""
        return sources_for(self.evidence, self.answer)

    @property
    def detail_sources(self) -> List[str]:
        """Sources the "Meer weten" text actually uses."""
        return sources_for(self.evidence, self.more)


class SafetyTexts(BaseModel):
    """Replies of the safety net per reply category (bot/safety/decision.py)."""

    replies: Dict[str, str]
    checkin: Dict[str, str]
    offer_continue: str
    offer_resume: str
    # What the replies say about the help lines, backed by the help lines' own pages.
    evidence: List[Evidence] = []
    reviewed: Optional[date] = None

    def with_numbers(self, helplines: Dict[str, "Helpline"]) -> "SafetyTexts":
        """The texts with every <helpline_key> replaced by that line's number."""
        def fill(text: str) -> str:
            return fill_helplines(text, helplines, "safety.yml")

        return SafetyTexts(
            replies={k: fill(v) for k, v in self.replies.items()},
            checkin={k: fill(v) for k, v in self.checkin.items()},
            offer_continue=fill(self.offer_continue), offer_resume=fill(self.offer_resume),
            evidence=[e.copy(update={"claim": fill(e.claim)}) for e in self.evidence],
            reviewed=self.reviewed,
        )

    def texts(self) -> Dict[str, str]:
        named = {f"replies.{k}": v for k, v in self.replies.items()}
        named.update({f"checkin.{k}": v for k, v in self.checkin.items()})
        return named


PLACEHOLDER = re.compile(r"<(\w+)>")


def fill_helplines(text: str, helplines: Dict[str, "Helpline"], where: str) -> str:
    """Help-line numbers are typed once (helplines.yml); texts write `<veilig_thuis>`."""
    def number(match: "re.Match[str]") -> str:
        key = match.group(1)
        if key not in helplines:
            raise ValueError(f"{where}: unknown help line <{key}> (see bot/content/helplines.yml)")
        return helplines[key].number

    return PLACEHOLDER.sub(number, text)


def _fill_tree(value: object, helplines: Dict[str, "Helpline"], where: str, skip: Tuple[str, ...] = ()) -> object:
    """Fills placeholders in every string of a loaded YAML tree (except keys in `skip`)."""
    if isinstance(value, str):
        return fill_helplines(value, helplines, where)
    if isinstance(value, list):
        return [_fill_tree(v, helplines, where, skip) for v in value]
    if isinstance(value, dict):
        return {k: v if k in skip else _fill_tree(v, helplines, where, skip) for k, v in value.items()}
    return value


class Signal(BaseModel):
    id: str
    label: str
    keywords: List[str]
    explanation: str


class AgeBand(BaseModel):
    label: str
    help_now: str


INTERVENTION_KINDS = ("first_line", "safety", "lvb", "specialised")


class Intervention(BaseModel):
    id: str
    # first_line | safety | lvb | specialised: decides when and where it is listed.
    kind: str
    name: str
    line: str
    ages: Optional[Tuple[int, int]] = None  # [from, to) in years; None: every age

    @validator("kind")
    def _known_kind(cls, value: str) -> str:  # noqa: N805 (pydantic validator)
        if value not in INTERVENTION_KINDS:
            raise ValueError(f"kind must be one of {INTERVENTION_KINDS}")
        return value

    def fits_age(self, years: Optional[float]) -> bool:
        """First-line help fits an unknown age; specialised help only a known, fitting age."""
        if years is None:
            return self.kind != "specialised"
        return self.ages is None or self.ages[0] <= years < self.ages[1]


class WorryTexts(BaseModel):
    """Texts of the guided "worried about my child" conversation."""

    sources: List[str]
    signals: List[Signal]
    age_bands: Dict[str, AgeBand]
    where_to_go: Dict[str, str]
    interventions: List[Intervention]
    questions: Dict[str, str]
    # Backs every sentence the walk-through tells a parent (evidence.py), as in topic files.
    evidence: List[Evidence] = []
    reviewed: Optional[date] = None

    def answer_texts(self) -> Dict[str, str]:
        """The texts that state facts (the questions only ask)."""
        named = {f"signals.{s.id}": s.explanation for s in self.signals}
        named.update({f"age_bands.{k}": v.help_now for k, v in self.age_bands.items()})
        named.update({f"where_to_go.{k}": v for k, v in self.where_to_go.items()})
        named.update({f"interventions.{i.id}": i.line for i in self.interventions})
        return named


@dataclass(frozen=True)
class Content:
    """All curated content, loaded and indexed."""

    topics: Tuple[Intent, ...]
    conversation: Tuple[Intent, ...]
    sources: Dict[str, Source]
    helplines: Dict[str, Helpline]
    messages: Dict[str, str]
    safety: SafetyTexts
    worry: WorryTexts

    @property
    def intents(self) -> Tuple[Intent, ...]:
        return self.topics + self.conversation

    def by_intent(self) -> Dict[str, Intent]:
        return {item.intent: item for item in self.intents}

    def topic(self, intent: str) -> Optional[Intent]:
        return next((t for t in self.topics if t.intent == intent), None)


def _read_yaml(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping at the top level")
    return data


# What users type is never rewritten, nor a source's own words; what we say may name help lines.
NOT_FILLED = ("examples", "test_examples", "quote")


def _load_intents(directory: Path, kind: str, helplines: Dict[str, Helpline]) -> Tuple[Intent, ...]:
    items: List[Intent] = []
    for path in sorted(directory.glob("*.yml")):
        data = _read_yaml(path)
        try:
            data = _fill_tree(data, helplines, str(path), NOT_FILLED)
            items.append(Intent(**data, kind=kind, path=path))
        except Exception as error:  # pydantic's message names the field
            raise ValueError(f"{path}: {error}") from error
    return tuple(items)


def load_helplines(root: Path = CONTENT_DIR) -> Dict[str, Helpline]:
    return {
        key: Helpline(**value)
        for key, value in _read_yaml(root / "helplines.yml")["helplines"].items()
    }


def load_content(root: Path = CONTENT_DIR) -> Content:
    """Reads every content file below `root` (no caching: tools want fresh data)."""
    sources = {
        key: Source(**value)
        for key, value in _read_yaml(root / "sources.yml")["sources"].items()
    }
    helplines = load_helplines(root)
    return Content(
        topics=_load_intents(root / "topics", "topic", helplines),
        conversation=_load_intents(root / "conversation", "conversation", helplines),
        sources=sources,
        helplines=helplines,
        messages=_fill_tree(_read_yaml(root / "messages.yml")["messages"], helplines, "messages.yml"),
        safety=SafetyTexts(**_read_yaml(root / "safety.yml")).with_numbers(helplines),
        worry=WorryTexts(**_fill_tree(_read_yaml(root / "worry.yml"), helplines, "worry.yml")),
    )


@lru_cache(maxsize=1)
def content() -> Content:
    """The content as shipped, loaded once per process (for the action server)."""
    return load_content()
