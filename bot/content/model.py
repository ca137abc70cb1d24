"""Typed model of the curated content and its loader.

The YAML files under `bot/content/` are the single place where an intent's answer,
detail, evidence, buttons, examples and role live; everything Rasa reads is generated
from the objects defined here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache, wraps
from pathlib import Path
from typing import Any, ClassVar, TypeVar, overload

import yaml
from pydantic import BaseModel, Extra, Field, validator

from bot.content.evidence import Evidence, sources_for

# libyaml's loader when PyYAML was built with it (about ten times faster), else PyYAML's own.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

CONTENT_DIR = Path(__file__).resolve().parent
TOPICS_DIR = CONTENT_DIR / "topics"


class Source(BaseModel):
    organisation: str
    title: str
    url: str
    date: str
    retrieved: str
    note: str | None = None

    def label(self) -> str:
        """How an answer names the source in one line."""
        return f"{self.organisation}, ‘{self.title}’"


class Helpline(BaseModel):
    name: str
    number: str
    for_: str = Field(alias="for")


# Parts of the product the code relies on, each played by exactly one intent. An intent
# file says `role: <name>`; code asks `content.intent_for(<name>)` instead of naming
# intents, so renaming or adding an intent never means editing Python.
ROLES: dict[str, str] = {
    "questionnaire_start": "starts the guided walk-through (actions/worry_form.py)",
    "questionnaire_stop": "stops the walk-through",
    "questionnaire_answer": "a short answer typed inside the walk-through",
    "safety": "a disclosure of danger: crisis replies chosen by rules (data/safety_rules.yml)",
    "more_info": "the 'Meer weten' button: the detail of the topic just answered",
    # Follow-ups about the topic just answered (slot last_topic; actions/follow_ups.py).
    "source": "'waar staat dat?': the sources and literature of the topic just answered",
    "simpler": "'kun je dat simpeler zeggen?': the short answer of the topic just answered",
    "age_follow_up": "'en bij een puber?': what helps at that age, beside the topic just answered",
    "own_action": "'wat kan ik zelf doen?': what helps now, for the child's age when known",
    "find_help": "'which help fits us', from the walk-through's answers",
    "forget": "delete this conversation",
    "capabilities": "what the bot can do (the 'Iets anders' button)",
    "help_places": "where to find help (offered after a crisis reply and the walk-through)",
    "treatment": "treatment (offered after the walk-through)",
    "out_of_scope": "anything outside attachment",
    "other_language": "a message in another language (bot/language/other_language.py)",
    "feedback": "'Had je hier iets aan?' from the web chat, stored with the conversation",
}
# How an intent is answered: its own response (the default), a custom action by name, or
# rules written elsewhere (data/rules.yml, the generated safety rules).
ANSWERED_BY_RESPONSE, ANSWERED_BY_RULES = "response", "rules"
# Answers a topic that declares `behaviour_reply_unless_named`: its response, or, for a
# parent describing their own child in other words, the behaviour reply first
# (actions/described_behaviour.py).
ANSWER_TOPIC_OR_BEHAVIOUR = "action_answer_topic_or_behaviour"
# Inside the walk-through: answer and go on with the questions (a digression), or let the
# walk-through itself decide (start, stop, answers, disclosures).
DURING_QUESTIONNAIRE = ("answer_and_continue", "form_decides")
# Where an intent is offered as a first button: on the welcome screen, after a message
# the bot did not understand.
STARTER_PLACES = ("welcome", "unclear")


class Intent(BaseModel):
    """One intent: what users say, what the bot answers, and the intent's role in the product."""

    intent: str
    title: str
    answer: str
    more: str = ""
    literature: list[str] = []
    # One entry per claim: our words, the source, the source's own words (evidence.py).
    evidence: list[Evidence] = []
    # When a content maintainer last checked this file against its sources (docs/content-review.md).
    reviewed: date | None = None
    related: list[str] = []
    # The factors the sources name that this topic's text explains, with the words people
    # use for them (bot/content/factors.py).
    factors: dict[str, list[str]] = {}
    # Topics whose factors this topic's examples may name (an overview, a compensation).
    may_name_factors_of: list[str] = []
    examples: list[str]
    test_examples: list[str]
    role: str | None = None  # one of ROLES, when the code relies on this intent
    answered_by: str = ANSWERED_BY_RESPONSE  # or an action name, or "rules"
    # A topic that names a pattern a child can have (vermijdend, ambivalent): a parent who
    # describes their own child without one of these words is not told that pattern, but gets
    # the behaviour reply first and this topic as a button (words as under `factors`).
    behaviour_reply_unless_named: list[str] = []
    during_questionnaire: str = "answer_and_continue"
    starter: dict[str, int] = {}  # place (STARTER_PLACES) -> position of its button there
    checkin: bool | None = None  # help-line check-in line when unsure; None: topics only
    # Set by the loader: "topic" or "conversation", and the file it came from.
    kind: str = "topic"
    path: Path | None = None

    class Config:
        extra = Extra.forbid  # a misspelt field name is an error, not silently ignored

    @validator("examples", "test_examples", each_item=True)
    def _strip(cls, value: str) -> str:  # noqa: N805 (pydantic validator)
        return str(value).strip()

    @validator("role")
    def _known_role(cls, value: str | None) -> str | None:  # noqa: N805
        if value is not None and value not in ROLES:
            raise ValueError(f"unknown role '{value}'; roles: {', '.join(ROLES)}")
        return value

    @validator("during_questionnaire")
    def _known_mode(cls, value: str) -> str:  # noqa: N805
        if value not in DURING_QUESTIONNAIRE:
            raise ValueError(f"during_questionnaire must be one of {DURING_QUESTIONNAIRE}")
        return value

    @validator("starter")
    def _known_places(cls, value: dict[str, int]) -> dict[str, int]:  # noqa: N805
        unknown = set(value) - set(STARTER_PLACES)
        if unknown:
            raise ValueError(f"starter places must be among {STARTER_PLACES}, not {sorted(unknown)}")
        return value

    @property
    def is_topic(self) -> bool:
        return self.kind == "topic"

    @property
    def has_own_response(self) -> bool:
        """It has an `utter_<intent>` response: answered by it, or used by hand-written rules."""
        return not self.answered_by.startswith("action_") and bool(self.answer.strip())

    @property
    def has_generated_rule(self) -> bool:
        return self.answered_by != ANSWERED_BY_RULES

    @property
    def reply_action(self) -> str:
        """The action that answers it: its response, or its custom action."""
        if self.answered_by != ANSWERED_BY_RESPONSE:
            return self.answered_by
        return ANSWER_TOPIC_OR_BEHAVIOUR if self.behaviour_reply_unless_named else self.response_name

    @property
    def is_digression(self) -> bool:
        """Inside the walk-through, answered and then the questions go on."""
        return self.during_questionnaire == "answer_and_continue"

    @property
    def gets_checkin(self) -> bool:
        return self.is_topic if self.checkin is None else self.checkin

    @property
    def response_name(self) -> str:
        return f"utter_{self.intent}"

    @property
    def answer_sources(self) -> list[str]:
        """Sources the short answer actually uses (its "Bron:" line)."""
        return sources_for(self.evidence, self.answer)

    @property
    def detail_sources(self) -> list[str]:
        """Sources the "Meer weten" text actually uses."""
        return sources_for(self.evidence, self.more)


class SafetyTexts(BaseModel):
    """Replies of the safety net per reply category (bot/safety/decision.py)."""

    replies: dict[str, str]
    checkin: dict[str, str]
    offer_continue: str
    offer_resume: str
    # What the replies say about the help lines, backed by the help lines' own pages.
    evidence: list[Evidence] = []
    reviewed: date | None = None

    def texts(self) -> dict[str, str]:
        named = {f"replies.{k}": v for k, v in self.replies.items()}
        named.update({f"checkin.{k}": v for k, v in self.checkin.items()})
        return named


PLACEHOLDER = re.compile(r"<(\w+)>")
# What users type is never rewritten, nor a source's own words; what we say may name help lines.
NOT_FILLED = ("examples", "test_examples", "quote")


def fill_helplines(text: str, helplines: dict[str, Helpline], where: str) -> str:
    """Help-line numbers are typed once (helplines.yml); texts write `<veilig_thuis>`."""

    def number(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in helplines:
            raise ValueError(f"{where}: unknown help line <{key}> (see bot/content/helplines.yml)")
        return helplines[key].number

    return PLACEHOLDER.sub(number, text)


@overload
def _fill_tree(value: dict[str, Any], helplines: dict[str, Helpline], where: str) -> dict[str, Any]: ...


@overload
def _fill_tree(value: object, helplines: dict[str, Helpline], where: str) -> object: ...


def _fill_tree(value: object, helplines: dict[str, Helpline], where: str) -> object:
    """Fills placeholders in every string of a loaded YAML tree, except under NOT_FILLED keys."""
    if isinstance(value, str):
        return fill_helplines(value, helplines, where)
    if isinstance(value, list):
        return [_fill_tree(v, helplines, where) for v in value]
    if isinstance(value, dict):
        return {k: v if k in NOT_FILLED else _fill_tree(v, helplines, where) for k, v in value.items()}
    return value


class Signal(BaseModel):
    id: str
    label: str
    keywords: list[str]
    explanation: str
    # Descriptions of the behaviour in parents' words: bot/guided/signal_recognition.py learns from them.
    examples: list[str] = []
    # On the walk-through's list of signals to pick (Bijzonder Jeugdwerk's list). A behaviour
    # another source describes is recognised and explained when a parent describes it, but is
    # not offered as a button: the list stays the one source's list, short enough for a phone.
    checklist: bool = True


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
    ages: tuple[int, int] | None = None  # [from, to) in years; None: every age

    @validator("kind")
    def _known_kind(cls, value: str) -> str:  # noqa: N805 (pydantic validator)
        if value not in INTERVENTION_KINDS:
            raise ValueError(f"kind must be one of {INTERVENTION_KINDS}")
        return value

    def fits_age(self, years: float | None) -> bool:
        """First-line help fits an unknown age; specialised help only a known, fitting age."""
        if years is None:
            return self.kind != "specialised"
        return self.ages is None or self.ages[0] <= years < self.ages[1]


class Questions(BaseModel):
    """The questions, re-asks and buttons of the walk-through (worry.yml `questions:`).
    Typed, so a missing or misspelt key fails when the content is loaded."""

    asker_role: str
    asker_role_again: str
    child_age_months: str
    child_age_months_again: str
    child_age_too_old: str
    child_signals: str
    child_signals_noted: str  # {labels}
    home_safe: str
    home_safe_again: str
    skipped: str
    corrected: str  # {what}
    other_signal: str  # {text}
    behaviour_intro: str  # before the explanations of behaviour named in the first message
    behaviour_general: str  # a described behaviour that is none of the listed signals
    advice_intro: str
    no_signals: str
    help_now_intro: str  # {band}
    help_now_unknown_age: str
    finder_intro: str  # {about}
    finder_specialised: str
    finder_unknown: str
    button_parent: str
    button_foster_adoptive: str
    button_professional: str
    button_skip: str
    button_done: str
    button_stop: str
    button_safe: str
    button_unsafe: str
    button_unknown: str
    button_continue: str
    button_find_help: str

    # The questions whose buttons never change, by slot: the domain's utter_ask_<slot>
    # responses (build.py), which Rasa's form sends without a call to the action server.
    # child_signals is asked by an action: its text and buttons follow what was noted.
    STATIC_BUTTONS: ClassVar[dict[str, tuple[str, ...]]] = {
        "asker_role": ("button_parent", "button_foster_adoptive", "button_professional", "button_skip"),
        "child_age_months": ("button_skip",),
        "home_safe": ("button_safe", "button_unsafe", "button_unknown"),
    }

    class Config:
        extra = Extra.forbid

    def get(self, key: str) -> str | None:
        """A text by name, or None (e.g. the re-ask `<slot>_again` a question may have)."""
        value = getattr(self, key, None)
        return value if isinstance(value, str) else None


class WorryTexts(BaseModel):
    """Texts of the guided "worried about my child" conversation."""

    sources: list[str]
    signals: list[Signal]
    age_bands: dict[str, AgeBand]
    where_to_go: dict[str, str]
    interventions: list[Intervention]
    questions: Questions
    # Backs every sentence the walk-through tells a parent (evidence.py), as in topic files.
    evidence: list[Evidence] = []
    reviewed: date | None = None

    @property
    def checklist(self) -> list[Signal]:
        """The signals offered as buttons (and by number) in the walk-through."""
        return [signal for signal in self.signals if signal.checklist]

    def answer_texts(self) -> dict[str, str]:
        """The texts that state facts (the questions only ask)."""
        named = {f"signals.{s.id}": s.explanation for s in self.signals}
        named.update({f"age_bands.{k}": v.help_now for k, v in self.age_bands.items()})
        named.update({f"where_to_go.{k}": v for k, v in self.where_to_go.items()})
        named.update({f"interventions.{i.id}": i.line for i in self.interventions})
        return named


@dataclass(frozen=True)
class Content:
    """All curated content, loaded and indexed."""

    topics: tuple[Intent, ...]
    conversation: tuple[Intent, ...]
    sources: dict[str, Source]
    helplines: dict[str, Helpline]
    messages: dict[str, str]
    safety: SafetyTexts
    worry: WorryTexts

    @property
    def intents(self) -> tuple[Intent, ...]:
        return self.topics + self.conversation

    def by_intent(self) -> dict[str, Intent]:
        return {item.intent: item for item in self.intents}

    def topic(self, intent: str) -> Intent | None:
        return next((t for t in self.topics if t.intent == intent), None)

    def intent_for(self, role: str) -> Intent:
        """The intent that plays `role` (see ROLES); the content check ensures exactly one."""
        if role not in ROLES:
            raise KeyError(f"unknown role '{role}'")
        found = [item for item in self.intents if item.role == role]
        if len(found) != 1:
            raise LookupError(f"{len(found)} intents have role '{role}'; want exactly one")
        return found[0]

    def starters(self, place: str) -> tuple[Intent, ...]:
        """The intents offered as first buttons at `place`, in their declared order."""
        offered = [item for item in self.intents if place in item.starter]
        return tuple(sorted(offered, key=lambda item: (item.starter[place], item.intent)))


def _read_yaml(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=YAML_LOADER)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping at the top level")
    return data


def _load_intents(directory: Path, kind: str, helplines: dict[str, Helpline]) -> tuple[Intent, ...]:
    items: list[Intent] = []
    for path in sorted(directory.glob("*.yml")):
        data = _read_yaml(path)
        try:
            data = _fill_tree(data, helplines, str(path))
            items.append(Intent(**data, kind=kind, path=path))
        except Exception as error:  # pydantic's message names the field
            raise ValueError(f"{path}: {error}") from error
    return tuple(items)


def load_helplines(root: Path = CONTENT_DIR) -> dict[str, Helpline]:
    return {key: Helpline(**value) for key, value in _read_yaml(root / "helplines.yml")["helplines"].items()}


def load_content(root: Path = CONTENT_DIR) -> Content:
    """Reads every content file below `root` (no caching: tools want fresh data)."""
    sources = {key: Source(**value) for key, value in _read_yaml(root / "sources.yml")["sources"].items()}
    helplines = load_helplines(root)
    return Content(
        topics=_load_intents(root / "topics", "topic", helplines),
        conversation=_load_intents(root / "conversation", "conversation", helplines),
        sources=sources,
        helplines=helplines,
        messages=_fill_tree(_read_yaml(root / "messages.yml")["messages"], helplines, "messages.yml"),
        safety=SafetyTexts(**_fill_tree(_read_yaml(root / "safety.yml"), helplines, "safety.yml")),
        worry=WorryTexts(**_fill_tree(_read_yaml(root / "worry.yml"), helplines, "worry.yml")),
    )


_Built = TypeVar("_Built")


def once_per_content(build: Callable[[Content], _Built]) -> Callable[[Content], _Built]:
    """`build(content)` computed once for the content last asked about: what is derived from
    the content (passages, the signal recogniser) is built on first use, not per message.
    The content object is kept with its result, so its id cannot be reused meanwhile."""
    last: dict[int, tuple[Content, _Built]] = {}

    @wraps(build)
    def cached(known: Content) -> _Built:
        if id(known) not in last:
            last.clear()
            last[id(known)] = (known, build(known))
        return last[id(known)][1]

    return cached


@lru_cache(maxsize=1)
def content() -> Content:
    """The content as shipped, loaded once per process (for the action server)."""
    return load_content()
