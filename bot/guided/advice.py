"""What the bot tells a worried parent after the questions, and which help fits.

Pure functions over the collected answers and the curated texts (bot/content/worry.yml),
so the routing by age and situation is unit-tested without Rasa.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.content.model import Content, WorryTexts
from bot.guided.answers import age_band, describe_age
from bot.guided.reading import AGE, HOME_SAFE, NOTED, OTHER_SIGNAL, OTHER_TEXT, ROLE, SIGNALS, UNKNOWN

YOUNG_CHILD_MONTHS = 48  # 0-4: consultatiebureau; 4-18: jeugdarts via school
# The age range the one specialised example is meant for, by its provider (0 up to 19).
SPECIALISED_MAX_YEARS = 19


@dataclass(frozen=True)
class Situation:
    role: str | None
    age_months: int | None
    signals: Sequence[str]
    other_signal: str | None
    unsafe: bool
    lvb: bool

    @classmethod
    def from_slots(cls, slots: dict[str, Any]) -> Situation:
        age = slots.get(AGE)
        signals = slots.get(SIGNALS)
        if signals is None:
            signals = slots.get(NOTED) or []
        return cls(
            role=None if slots.get(ROLE) in (None, UNKNOWN) else slots.get(ROLE),
            age_months=int(age) if isinstance(age, (int, float)) else None,
            signals=list(signals),
            other_signal=slots.get(OTHER_TEXT),
            unsafe=slots.get(HOME_SAFE) == "unsafe",
            lvb=bool(slots.get("lvb_in_family")),
        )

    @property
    def age_years(self) -> float | None:
        return None if self.age_months is None else self.age_months / 12


def signal_labels(ids: Sequence[str], worry: WorryTexts, other_text: str | None) -> list[str]:
    by_id = {s.id: s.label for s in worry.signals}
    labels = []
    for signal_id in ids:
        if signal_id == OTHER_SIGNAL:
            labels.append(f"iets anders ({other_text})" if other_text else "iets anders")
        elif signal_id in by_id:
            labels.append(by_id[signal_id].lower())
    return labels


def where_to_go_keys(situation: Situation) -> list[str]:
    """Which 'where to go' texts apply, most important first."""
    keys = []
    if situation.unsafe:
        keys.append("unsafe")
    if situation.age_months is None or situation.age_months < YOUNG_CHILD_MONTHS:
        keys.append("age_0_4")
    if situation.age_months is None or situation.age_months >= YOUNG_CHILD_MONTHS:
        keys.append("age_4_18")
    if situation.role == "foster_adoptive":
        keys.append("foster_adoptive")
    if situation.lvb:
        keys.append("lvb")
    if situation.role == "professional":
        keys.append("professional")
    elif specialised_help_fits(situation):
        keys.append("treatment")
    return keys


def specialised_help_fits(situation: Situation) -> bool:
    """Specialised treatment is mentioned only as an example, after the first-line routes,
    for a child whose age it is meant for, and not while someone at home is unsafe."""
    years = situation.age_years
    return not situation.unsafe and years is not None and years < SPECIALISED_MAX_YEARS


def advice_messages(situation: Situation, content: Content) -> list[str]:
    worry = content.worry
    questions = worry.questions
    messages = [questions.advice_intro]
    explanations = [f"• {s.label}: {s.explanation}" for s in worry.signals if s.id in situation.signals]
    if situation.other_signal and OTHER_SIGNAL in situation.signals:
        explanations.append(questions.other_signal.format(text=situation.other_signal))
    messages.append("\n\n".join(explanations) if explanations else questions.no_signals)
    messages.append(help_now_text(age_band(situation.age_months), content))
    messages.append("\n\n".join(worry.where_to_go[key] for key in where_to_go_keys(situation)))
    return messages


def fitting_interventions(situation: Situation, content: Content) -> list[str]:
    """Lines of the places and interventions that fit this child and situation: safety
    first when someone is unsafe, then the public first-line routes, then (as an example,
    after a referral) specialised help."""
    shown = {
        "safety": situation.unsafe,
        "first_line": True,
        "lvb": situation.lvb or situation.role == "professional",
        "specialised": specialised_help_fits(situation),
    }
    lines = []
    for kind in ("safety", "first_line", "lvb", "specialised"):
        fitting = [
            f"• {item.name}: {item.line}"
            for item in content.worry.interventions
            if item.kind == kind and shown[kind] and item.fits_age(situation.age_years)
        ]
        if fitting and kind == "specialised":
            lines.append(content.worry.questions.finder_specialised)
        lines += fitting
    return lines


def help_finder_text(situation: Situation, content: Content) -> str:
    questions = content.worry.questions
    if situation.age_months is None:
        intro = questions.finder_unknown
    else:
        intro = questions.finder_intro.format(about=f" (kind van {describe_age(situation.age_months)})")
    return (
        intro + "\n" + "\n".join(fitting_interventions(situation, content)) + "\n\n" + sources_line(content)
    )


def sources_line(content: Content) -> str:
    labels = [content.sources[key].label() for key in content.worry.sources]
    return f"{content.messages['sources_label']}: " + "; ".join(labels)


def help_now_text(band: str | None, content: Content) -> str:
    """What helps now at an age band (worry.yml `age_bands`), or what always helps."""
    worry = content.worry
    if band is None:
        return worry.questions.help_now_unknown_age
    return (
        worry.questions.help_now_intro.format(band=worry.age_bands[band].label)
        + "\n"
        + (worry.age_bands[band].help_now)
    )
