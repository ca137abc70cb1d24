"""Typed model of the curated content and its loader.

The YAML files under `bot/content/` are the single place where an intent's answer,
detail, sources, buttons and examples live; everything Rasa reads is generated
from the objects defined here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml
from pydantic import BaseModel, Field, validator

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
    sources: List[str] = []
    related: List[str] = []
    examples: List[str]
    test_examples: List[str]
    # Set by the loader: "topic" or "conversation", and the file it came from.
    kind: str = "topic"
    path: Optional[Path] = None

    @validator("examples", "test_examples", each_item=True)
    def _strip(cls, value: str) -> str:  # noqa: N805 (pydantic validator)
        return str(value).strip()

    @property
    def is_topic(self) -> bool:
        return self.kind == "topic"

    @property
    def response_name(self) -> str:
        return f"utter_{self.intent}"


class SafetyTexts(BaseModel):
    """Replies of the safety net per reply category (bot/safety/decision.py)."""

    replies: Dict[str, str]
    checkin: Dict[str, str]
    offer_continue: str
    offer_resume: str

    def with_numbers(self, helplines: Dict[str, "Helpline"]) -> "SafetyTexts":
        """The texts with every <helpline_key> replaced by that line's number."""
        def fill(text: str) -> str:
            for key, line in helplines.items():
                text = text.replace(f"<{key}>", line.number)
            if re.search(r"<\w+>", text):
                raise ValueError(f"safety.yml: unknown help line in {text!r}")
            return text

        return SafetyTexts(
            replies={k: fill(v) for k, v in self.replies.items()},
            checkin={k: fill(v) for k, v in self.checkin.items()},
            offer_continue=fill(self.offer_continue), offer_resume=fill(self.offer_resume),
        )


class Signal(BaseModel):
    id: str
    label: str
    keywords: List[str]
    explanation: str


class AgeBand(BaseModel):
    label: str
    help_now: str


class Intervention(BaseModel):
    id: str
    name: str
    line: str
    ages: Optional[Tuple[int, int]] = None  # [from, to) in years; None: every age

    def fits_age(self, years: Optional[float]) -> bool:
        return self.ages is None or years is None or self.ages[0] <= years < self.ages[1]


class WorryTexts(BaseModel):
    """Texts of the guided "worried about my child" conversation."""

    sources: List[str]
    signals: List[Signal]
    age_bands: Dict[str, AgeBand]
    where_to_go: Dict[str, str]
    interventions: List[Intervention]
    questions: Dict[str, str]


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


def _load_intents(directory: Path, kind: str) -> Tuple[Intent, ...]:
    items: List[Intent] = []
    for path in sorted(directory.glob("*.yml")):
        data = _read_yaml(path)
        try:
            items.append(Intent(**data, kind=kind, path=path))
        except Exception as error:  # pydantic's message names the field
            raise ValueError(f"{path}: {error}") from error
    return tuple(items)


def load_content(root: Path = CONTENT_DIR) -> Content:
    """Reads every content file below `root` (no caching: tools want fresh data)."""
    sources = {
        key: Source(**value)
        for key, value in _read_yaml(root / "sources.yml")["sources"].items()
    }
    helplines = {
        key: Helpline(**value)
        for key, value in _read_yaml(root / "helplines.yml")["helplines"].items()
    }
    return Content(
        topics=_load_intents(root / "topics", "topic"),
        conversation=_load_intents(root / "conversation", "conversation"),
        sources=sources,
        helplines=helplines,
        messages=_read_yaml(root / "messages.yml")["messages"],
        safety=SafetyTexts(**_read_yaml(root / "safety.yml")).with_numbers(helplines),
        worry=WorryTexts(**_read_yaml(root / "worry.yml")),
    )


@lru_cache(maxsize=1)
def content() -> Content:
    """The content as shipped, loaded once per process (for the action server)."""
    return load_content()
