"""The maintainer report (bot/report/) on a real Rasa SQL tracker store.

Conversations are written with Rasa's own SQLTrackerStore and event classes, then
read back through the Rasa server's connection settings (an endpoints file), so the
report is checked against the schema Rasa really writes. The numbers are asserted
on the analysis and again on the page, and the page is checked against the privacy
rules: no text of a conversation with a crisis reply, no sender id, no unmasked
phone number, nothing that loads or runs.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import stat
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TypeAlias

import pytest
import yaml
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    Event,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.content.model import content
from bot.privacy.retention import tracker_store_engine
from bot.report.__main__ import main, window_for
from bot.report.analysis import FeedbackRow, MessageGroup, Report, WalkThroughs, build_report
from bot.report.events import Window, read_conversations
from bot.report.render import render_page

PROJECT_DIR = Path(__file__).resolve().parent.parent
WINDOW = Window(date(2024, 3, 4), date(2024, 3, 10))
HOUR = 3600.0
DAY = 24 * HOUR
INSIDE = WINDOW.start + 2 * DAY + 10 * HOUR  # a Wednesday morning, well inside

PHONE = "06-12345678"
# Text of conversations with a crisis reply (or danger_category), or outside the
# window: none of it may appear in the report.
NEVER_SHOWN = (
    "CRISISONDUIDELIJK",
    "CRISISGEHEIM",
    "CRISISREDEN",
    "CRISISLAAG",
    "SLOTGEHEIM",
    "LATERCRISIS",
    "OUDBERICHT",
    "OUDEREDEN",
    "LAATBERICHT",
    "0687654321",
)

Step: TypeAlias = Event | Sequence[Event]


def user(text: str, intent: str, confidence: float = 0.9, **entities: str) -> UserUttered:
    return UserUttered(
        text,
        intent={"name": intent, "confidence": confidence},
        entities=[{"entity": name, "value": value} for name, value in entities.items()],
    )


def feedback(helpful: str, topic: str, reason: str = "") -> UserUttered:
    values = {"helpful": helpful, "topic": topic, **({"reason": reason} if reason else {})}
    return user("/feedback", "feedback", 1.0, **values)


def answer(action: str, text: str = "Antwoord.") -> list[Event]:
    return [ActionExecuted(action), BotUttered(text), ActionExecuted("action_listen")]


def unclear() -> list[Event]:
    return answer("action_handle_unclear_message", "Bedoel je een van deze onderwerpen?")


def ask(question: str) -> list[Event]:
    return [SlotSet("requested_slot", question), ActionExecuted("action_listen")]


def script(start: float, *steps: Step) -> list[Event]:
    """The events in order, one second apart from `start`."""
    events: list[Event] = []
    for step in steps:
        events.extend([step] if isinstance(step, Event) else step)
    for offset, event in enumerate(events):
        event.timestamp = start + offset
    return events


CONVERSATIONS: dict[str, list[Event]] = {
    # an unclear question, a low-confidence answer, a sure one, feedback with a phone number
    "sender-a-91f3": script(
        INSIDE,
        user("hoe lang duurt de wachtlijst bij de jeugdzorg?", "nlu_fallback", 0.31),
        unclear(),
        user("mijn kind huilt veel 's nachts", "signals", 0.45),
        answer("utter_signals"),
        user("wat zijn signalen van hechting", "signals", 0.95),
        answer("utter_signals"),
        feedback("nee", "signals", f"klopt niet, bel me op {PHONE}"),
        ActionExecuted("action_listen"),
    ),
    # the same question reworded (and with a typo), an HTML-ish one, feedback, a check-in line
    "sender-b-77c2": script(
        INSIDE + DAY,
        user("wachtlijst jeugdzorg hoe lang duurt het", "out_of_scope", 0.8),
        unclear(),
        user("wachtlijsten jeugdzrg hoe lang?", "nlu_fallback", 0.3),
        unclear(),
        user("wat is <b>hechting</b> & zo", "nlu_fallback", 0.3),
        unclear(),
        feedback("ja", "signals"),
        ActionExecuted("action_listen"),
        feedback("nee", "causes"),
        ActionExecuted("action_listen"),
        user("wat is hechting", "what_is_attachment", 0.9),
        ActionExecuted("utter_what_is_attachment"),
        BotUttered("Hechting is ..."),
        ActionExecuted("action_answer_footnotes"),
        BotUttered(content().safety.checkin["abuse"]),
        ActionExecuted("action_listen"),
    ),
    # a walk-through abandoned at child_signals; a check-in action that said nothing
    "sender-c-walk-stop": script(
        INSIDE + 2 * HOUR,
        user("ik maak me zorgen", "worried_about_child", 0.97),
        ActionExecuted("worry_form"),
        ActiveLoop("worry_form"),
        ask("asker_role"),
        user("ik ben de moeder", "inform", 0.9),
        ActionExecuted("worry_form"),
        SlotSet("asker_role", "parent"),
        ask("child_age_months"),
        user("18 maanden", "inform", 0.88),
        ActionExecuted("worry_form"),
        SlotSet("child_age_months", 18),
        ActionExecuted("action_answer_footnotes"),
        ask("child_signals"),
    ),
    # a completed walk-through
    "sender-d-walk-done": script(
        INSIDE + 3 * HOUR,
        user("mijn zoon is erg stil", "worried_about_child", 0.9),
        ActionExecuted("worry_form"),
        ActiveLoop("worry_form"),
        ask("asker_role"),
        user("ik ben de vader", "inform", 0.9),
        ask("child_age_months"),
        user("2 jaar", "inform", 0.9),
        ask("child_signals"),
        user("hij lacht niet", "inform", 0.7),
        ask("home_safe"),
        user("ja", "inform", 0.99),
        ActionExecuted("worry_form"),
        SlotSet("requested_slot", None),
        ActiveLoop(None),
        answer("action_worry_advice", "Dit is mijn advies."),
    ),
    # a crisis conversation: counted everywhere, quoted nowhere
    "sender-e-crisis": script(
        INSIDE + 4 * HOUR,
        user("hoe lang duurt de wachtlijst jeugdzorg CRISISONDUIDELIJK", "nlu_fallback", 0.2),
        unclear(),
        user("CRISISGEHEIM mijn partner slaat ons", "safety_disclosure", 0.99),
        SlotSet("danger_category", "abuse"),
        ActionExecuted("utter_safety_abuse"),
        BotUttered("Bel Veilig Thuis: 0800-2000."),
        ActionExecuted("utter_safety_offer_continue"),
        BotUttered("Wil je nog iets vragen?"),
        ActionExecuted("action_listen"),
        feedback("nee", "signals", "CRISISREDEN 0687654321"),
        ActionExecuted("action_listen"),
        user("CRISISLAAG iets", "signals", 0.4),
        answer("utter_signals"),
    ),
    # only the danger_category slot (no crisis reply): not quoted either
    "sender-f-danger-slot": script(
        INSIDE + 5 * HOUR,
        user("SLOTGEHEIM wat kost een fiets", "out_of_scope", 0.9),
        unclear(),
        SlotSet("danger_category", "general"),
        ActionExecuted("utter_safety_offer_resume"),
        BotUttered("Wil je daarna verder?"),
        ActionExecuted("action_listen"),
    ),
    # before the window: nothing of it counts
    "sender-g-old": script(
        WINDOW.start - 20 * DAY,
        user("OUDBERICHT wachtlijst jeugdzorg hoe lang", "nlu_fallback", 0.2),
        unclear(),
        ActionExecuted("utter_safety_acute"),
        BotUttered("Bel 112."),
        feedback("nee", "signals", "OUDEREDEN"),
        ActionExecuted("action_listen"),
        user("ik maak me zorgen", "worried_about_child", 0.9),
        ActiveLoop("worry_form"),
        ask("asker_role"),
    ),
    # after the window: nothing of it counts
    "sender-h-late": script(
        WINDOW.end + DAY,
        user("LAATBERICHT wachtlijst jeugdzorg hoe lang", "nlu_fallback", 0.2),
        unclear(),
        user("iets over signalen", "signals", 0.3),
        answer("utter_signals"),
    ),
    # asked inside the window, crisis reply after it: counted, and still never quoted
    "sender-i-later-crisis": script(
        WINDOW.end - HOUR, user("LATERCRISIS vraag over slapen", "nlu_fallback", 0.2), unclear()
    )
    + script(
        WINDOW.end + HOUR,
        user("ik wil niet meer leven", "safety_disclosure", 0.99),
        ActionExecuted("utter_safety_suicide_adult"),
        BotUttered("Bel 113."),
    ),
}


def write_store(db: Path) -> None:
    store = SQLTrackerStore(Domain.load(str(PROJECT_DIR / "domain.yml")), dialect="sqlite", db=str(db))
    try:
        for sender, events in CONVERSATIONS.items():
            asyncio.run(store.save(DialogueStateTracker.from_events(sender, events)))
    finally:
        store.engine.dispose()


def endpoints_for(path: Path, db: Path) -> Path:
    config = {"tracker_store": {"type": "SQL", "dialect": "sqlite", "db": str(db)}}
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> tuple[Path, Path]:
    """(the SQLite tracker store, an endpoints file pointing at it)."""
    directory = tmp_path_factory.mktemp("report")
    db = directory / "tracker.db"
    write_store(db)
    return db, endpoints_for(directory / "endpoints.yml", db)


@pytest.fixture(scope="module")
def report(store) -> Report:
    db, endpoints = store
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    engine = tracker_store_engine(endpoints, project_dir=db.parent)
    try:
        result = build_report(read_conversations(engine, WINDOW), WINDOW)
    finally:
        engine.dispose()
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before, "the report wrote to the store"
    return result


@pytest.fixture(scope="module")
def page(report) -> str:
    return render_page(report)


def test_reads_whole_conversations_active_in_the_window(store):
    db, endpoints = store
    engine = tracker_store_engine(endpoints, project_dir=db.parent)
    try:
        conversations = list(read_conversations(engine, WINDOW))
    finally:
        engine.dispose()
    # a-f and i (g and h have no event inside); i whole, with its crisis after the window
    assert sorted(len(c) for c in conversations) == sorted(
        len(CONVERSATIONS[s]) for s in CONVERSATIONS if s not in ("sender-g-old", "sender-h-late")
    )
    # and a window the conversations do not touch counts none of them
    other = Window(date(2024, 2, 1), date(2024, 2, 1))
    assert build_report(conversations, other).conversations == 0


def test_counts_conversations_and_messages_inside_the_window_only(report):
    assert report.conversations == 7  # a-f and i; g and h lie outside
    assert report.user_messages == 4 + 6 + 3 + 5 + 4 + 1 + 1
    assert report.withheld_conversations == 3  # e (crisis), f (danger slot), i (later crisis)


def test_groups_unclear_questions_by_similarity(report):
    assert report.unclear_messages == 7
    wachtlijst, *others = report.unclear_groups
    assert wachtlijst == MessageGroup(
        count=4,
        conversations=3,
        examples=(
            "hoe lang duurt de wachtlijst bij de jeugdzorg?",
            "wachtlijst jeugdzorg hoe lang duurt het",
            "wachtlijsten jeugdzrg hoe lang?",
        ),
        withheld=1,
    )
    assert sorted((g.count, g.examples, g.withheld) for g in others) == [
        (1, (), 1),  # SLOTGEHEIM ...: counted, not quoted
        (1, (), 1),  # LATERCRISIS ...
        (1, ("wat is <b>hechting</b> & zo",), 0),
    ]


def test_low_confidence_answers_per_intent(report):
    assert report.low_confidence_messages == 2
    assert report.low_confidence == (
        MessageGroup(2, 2, ("mijn kind huilt veel 's nachts",), withheld=1, intent="signals"),
    )


def test_topics_asked_most(report):
    assert report.topics == (
        ("inform", 6),
        ("nlu_fallback", 5),
        ("signals", 3),
        ("out_of_scope", 2),
        ("worried_about_child", 2),
        ("safety_disclosure", 1),
        ("what_is_attachment", 1),
    )


def test_feedback_per_topic_with_masked_reasons(report):
    assert report.feedback == (
        FeedbackRow(
            topic="signals",
            helpful=1,
            unhelpful=2,
            reasons=("klopt niet, bel me op [telefoonnummer]",),
            more_reasons=0,
            withheld_reasons=1,
        ),
        FeedbackRow(topic="causes", helpful=0, unhelpful=1, reasons=(), more_reasons=0, withheld_reasons=0),
    )


def test_walkthroughs_started_completed_and_where_they_stopped(report):
    assert report.walkthroughs == WalkThroughs(
        started=2,
        completed=1,
        stopped_at=(("asker_role", 0), ("child_age_months", 0), ("child_signals", 1), ("home_safe", 0)),
    )


def test_help_lines_given(report):
    assert dict(report.crisis_replies) == {
        "acute": 0,
        "abuse": 1,
        "suicide_adult": 0,
        "suicide_teen": 0,
        "child_self": 0,
        "harm_urge": 0,
        "harm_happened": 0,
        "general": 0,
    }
    assert report.checkin_lines == 1  # b's footnote spoke; c's went straight to listening


def test_page_shows_the_numbers(page):
    assert "<b>7</b>conversations" in page
    assert "<b>24</b>user messages" in page
    assert "<b>3</b>not quoted" in page
    assert "7 message(s) got the clarifying question" in page
    assert "in 4 group(s)" in page
    assert '<td class="n">4</td><td class="n">3</td>' in page  # the wachtlijst group
    assert "<li>wachtlijsten jeugdzrg hoe lang?</li>" in page
    assert "1 from conversations with a crisis reply: not quoted" in page
    assert '<tr><td>signals</td><td class="n">2</td><td class="n">2</td>' in page  # low confidence
    assert "<title>inform: 6</title>" in page and "<title>nlu_fallback: 5</title>" in page
    assert '<tr><td>signals</td><td class="n">1</td><td class="n">2</td>' in page  # feedback
    assert "<li>klopt niet, bel me op [telefoonnummer]</li>" in page
    assert "started in this period: 2; completed (advice given): 1; stopped: 1" in page
    assert "<title>child_signals: 1</title>" in page
    assert "<title>utter_safety_abuse: 1</title>" in page
    assert "<title>utter_safety_acute: 0</title>" in page
    assert "check-in lines" in page and "added a help line): 1." in page


def test_page_keeps_the_privacy_rules(report, page):
    text = (page + repr(report)).lower()
    for secret in NEVER_SHOWN:
        assert secret.lower() not in text
    for sender in CONVERSATIONS:
        assert sender.lower() not in text
    assert PHONE not in page and "12345678" not in page
    assert "ik wil niet meer leven" not in text  # crisis text after the window, too
    # quoted text is escaped, not interpreted
    assert "wat is &lt;b&gt;hechting&lt;/b&gt; &amp; zo" in page
    assert "<b>hechting" not in page


def test_page_is_self_contained(page):
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page.lower()
    assert not re.search(r"https?:|src=|url\(|@import|<link|<img|<iframe", page, re.IGNORECASE)
    assert page.count("<svg") == 3  # topics, stopped walk-throughs, crisis replies
    assert "default-src 'none'" in page


def test_command_line_writes_the_page_privately(store, tmp_path, capsys):
    _, endpoints = store
    out = tmp_path / "out" / "report.html"

    code = main(
        ["--since", "2024-03-04", "--until", "2024-03-10", "--endpoints", str(endpoints), "--out", str(out)]
    )

    assert code == 0
    page = out.read_text(encoding="utf-8")
    assert "<b>7</b>conversations" in page and "CRISISGEHEIM" not in page
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    printed = capsys.readouterr().out
    assert "7 conversation(s), 24 user message(s)" in printed
    assert not any(sender in printed for sender in CONVERSATIONS)


def test_command_line_on_an_empty_store_creates_no_database(tmp_path, capsys):
    db = tmp_path / "missing.db"
    out = tmp_path / "report.html"

    code = main(["--endpoints", str(endpoints_for(tmp_path / "endpoints.yml", db)), "--out", str(out)])

    assert code == 0
    assert not db.exists()
    assert "<b>0</b>conversations" in out.read_text(encoding="utf-8")
    assert "0 conversation(s)" in capsys.readouterr().out


def test_command_line_refuses_bad_dates(tmp_path, capsys):
    endpoints = endpoints_for(tmp_path / "endpoints.yml", tmp_path / "t.db")
    assert main(["--since", "2024-03-10", "--until", "2024-03-04", "--endpoints", str(endpoints)]) == 1
    assert "after --until" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--since", "10-03-2024"])


def test_default_window_is_the_last_seven_days():
    assert window_for(None, None, date(2024, 3, 10)) == WINDOW
    assert window_for(None, date(2024, 3, 10), date(2030, 1, 1)) == WINDOW
    assert window_for(date(2024, 3, 4), None, date(2024, 3, 10)) == WINDOW
