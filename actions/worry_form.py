"""The worried-parent form: validating answers, asking for signals, giving advice.

How a message is read (answer, correction, skip, digression, stop, danger) is decided
in bot/guided/reading.py; these actions only connect that to Rasa.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.content.model import Content, Questions, content
from bot.content.render import payload_button, topic_button
from bot.guided import advice
from bot.guided.answers import age_band, describe_age, parse_age
from bot.guided.reading import (
    AGE,
    FORM_SLOTS,
    HOME_SAFE,
    NOTED,
    OTHER_TEXT,
    ROLE,
    SIGNALS,
    Message,
    is_start_phrase,
    payload_intent,
    read,
)
from bot.guided.signal_recognition import recognise_signals
from bot.language.register import PARENT, PROFESSIONAL
from bot.language.register import SLOT as REGISTER_SLOT

FORM_NAME = "worry_form"
# Fewer words than this is a plain start ("zorgen om mn zoon"), not a described behaviour.
MIN_DESCRIPTION_WORDS = 4
# The topic whose short answer tells what behaviour no signal fits can mean in general.
SIGNALS_TOPIC = "signals"
TRACKED_SLOTS = (*FORM_SLOTS, NOTED, OTHER_TEXT, "lvb_in_family")


def latest_message(tracker: Tracker) -> Message:
    latest = tracker.latest_message or {}
    intent = latest.get("intent") or {}
    return Message(
        text=latest.get("text") or "",
        intent=intent.get("name") or "",
        confidence=float(intent.get("confidence") or 0.0),
    )


def filled_slots(tracker: Tracker) -> dict[str, Any]:
    return {slot: tracker.get_slot(slot) for slot in TRACKED_SLOTS}


class ValidateWorryForm(FormValidationAction):
    """Reads each message once (bot.guided.reading) and sets the slots it gives.

    Returning no events for a digression, "stop", a disclosure or the start intent again
    (the "Ik maak me zorgen" button) makes Rasa's form reject, so the rules can answer
    and then return to the form or pause it.
    """

    def name(self) -> str:
        return f"validate_{FORM_NAME}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        texts = content().worry.questions
        requested: str | None = tracker.get_slot("requested_slot")
        filled = filled_slots(tracker)
        reading = read(latest_message(tracker), requested, filled, content().worry.signals)
        events = [SlotSet(slot, value) for slot, value in reading.values.items()]
        if ROLE in reading.values:  # who is asking, for the rest of the conversation
            register = PROFESSIONAL if reading.values[ROLE] == PROFESSIONAL else PARENT
            events.append(SlotSet(REGISTER_SLOT, register))

        if reading.kind == "skip":
            dispatcher.utter_message(text=texts.skipped)
        elif reading.kind == "correction":
            dispatcher.utter_message(text=texts.corrected.format(what=describe_change(reading.values)))
        elif reading.kind == "unclear" and requested:
            again = reask_text(texts, requested, reading.problem)
            if again:  # without one (the signals), the question itself is asked again
                dispatcher.utter_message(text=again)
            events.append(SlotSet(requested, None))  # keeps the form asking, kindly
        if reading.values.get(HOME_SAFE) == "unsafe":
            # Someone is unsafe at home: the help line now, not only at the end.
            dispatcher.utter_message(text=content().worry.where_to_go["unsafe"])
        return events


def reask_text(texts: Questions, requested: str, problem: str | None) -> str | None:
    """The kind re-ask for an unclear answer ("child_age_too_old", "asker_role_again")."""
    if requested == AGE and problem and texts.get(f"child_age_{problem}"):
        return texts.get(f"child_age_{problem}")
    return texts.get(f"{requested}_again")


def describe_change(values: dict[str, Any]) -> str:
    parts = []
    if AGE in values:
        parts.append(f"je kind is {describe_age(int(values[AGE]))}")
    if ROLE in values:
        label = content().worry.questions.get("button_" + values[ROLE]) or values[ROLE]
        parts.append(f"je bent {label.lower()}")
    return " en ".join(parts)


class ActionAnswerDescribedBehaviour(Action):
    """Before the walk-through's opening (data/rules.yml). A parent who already describes
    what the child does ("ze laat zich alleen door oma troosten") first gets an answer to
    that: what each behaviour it resembles can mean (bot/guided/signal_recognition.py), that
    it is no diagnosis and can have other causes (the signal's explanation), and what helps
    now at the child's age. The signals are noted for the form, which also reads age and
    role from the same message, so those questions are skipped.
    The "Ik maak me zorgen" button and a plain "ik maak me zorgen" get nothing extra."""

    def name(self) -> str:
        return "action_answer_described_behaviour"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        text = latest_message(tracker).text
        typed = payload_intent(text) is None
        # A typed description that is not only "ik maak me zorgen (over mijn zoon van 3)".
        described = typed and not is_start_phrase(text) and len(text.split()) >= MIN_DESCRIPTION_WORDS
        texts, named = behaviour_reply(text, content(), general=described) if typed else ([], [])
        for message in texts:
            dispatcher.utter_message(text=message)
        return [SlotSet(NOTED, named)] if named else []


def behaviour_reply(text: str, known: Content, general: bool) -> tuple[list[str], list[str]]:
    """The messages that answer a described behaviour, and the signals it names.

    What each signal it resembles can mean (its explanation: no diagnosis, other causes);
    with none, the general reply and the signals overview when `general`; then what helps
    now at the child's age when the message gives it. Empty when there is nothing to say."""
    questions = known.worry.questions
    named = recognise_signals(text, known)
    texts: list[str] = []
    if named:
        by_id = {signal.id: signal for signal in known.worry.signals}
        explained = "\n\n".join(f"• {by_id[s].label}: {by_id[s].explanation}" for s in named)
        texts.append(f"{questions.behaviour_intro}\n\n{explained}")
    elif general:
        # No signal is a confident fit: what such behaviour can mean in general (the signals
        # topic's short answer: no diagnosis, other causes, where to go) rather than only
        # the offer of questions, which gave the parent nothing to read yet.
        texts.append(questions.behaviour_general)
        texts.append(known.by_intent()[SIGNALS_TOPIC].answer)
    band = age_band(parse_age(text, strict=True).months)
    if texts and band is not None:
        texts.append(advice.help_now_text(band, known))
    return texts, named


class ActionAskChildSignals(Action):
    """Asks for signals, showing what was noted already and the signals still to pick."""

    def name(self) -> str:
        return "action_ask_child_signals"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        known = content()
        worry = known.worry
        noted = list(tracker.get_slot(NOTED) or [])
        if noted:
            labels = advice.signal_labels(noted, worry, tracker.get_slot(OTHER_TEXT))
            text = worry.questions.child_signals_noted.format(labels=", ".join(labels))
        else:
            text = worry.questions.child_signals
        buttons = [{"title": s.label, "payload": s.label} for s in worry.checklist if s.id not in noted]
        buttons.append({"title": worry.questions.button_done, "payload": worry.questions.button_done})
        buttons.append(payload_button(worry.questions.button_stop, known.intent_for("questionnaire_stop")))
        dispatcher.utter_message(text=text, buttons=buttons)
        return []


class ActionWorryAdvice(Action):
    """After the last question: signals explained, what helps now, where to go."""

    def name(self) -> str:
        return "action_worry_advice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        known = content()
        situation = advice.Situation.from_slots(filled_slots(tracker))
        for text in advice.advice_messages(situation, known):
            dispatcher.utter_message(text=text)
        questions = known.worry.questions
        dispatcher.utter_message(
            text=advice.sources_line(known),
            buttons=[
                payload_button(questions.button_find_help, known.intent_for("find_help")),
                topic_button(known.intent_for("treatment")),
                topic_button(known.intent_for("help_places")),
            ],
        )
        # A new round asks for signals and safety again; role and age stay known
        # (the help finder uses them, and a correction can still change them).
        return [
            SlotSet(SIGNALS, None),
            SlotSet(NOTED, None),
            SlotSet(OTHER_TEXT, None),
            SlotSet(HOME_SAFE, None),
        ]


class ActionFindHelp(Action):
    """ "Welke hulp past bij ons?": only places and interventions named in the sources."""

    def name(self) -> str:
        return "action_find_help"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        known = content()
        situation = advice.Situation.from_slots(filled_slots(tracker))
        buttons = []
        if situation.age_months is None:
            buttons.append(
                payload_button(known.worry.questions.button_continue, known.intent_for("questionnaire_start"))
            )
        dispatcher.utter_message(text=advice.help_finder_text(situation, known), buttons=buttons)
        return []
