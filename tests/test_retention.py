"""Retention: purging conversations from a real Rasa SQL tracker store.

Every test writes trackers through Rasa's own SQLTrackerStore and reads them back
through it, so the purge is checked against the schema Rasa really uses. SQLite
always; PostgreSQL too when HECHTBOT_TEST_POSTGRES_URL points at a scratch database
(e.g. postgresql://postgres@localhost:5432/hechtbot_test): its `events` table is
emptied by these tests.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.privacy.retention import (
    DEFAULT_RETENTION_DAYS,
    PROJECT_DIR,
    RETENTION_DAYS_ENV,
    SECONDS_PER_DAY,
    PurgeResult,
    count_due,
    delete_conversation,
    main,
    purge,
    retention_days,
    tracker_store_engine,
)

NOW = 1_700_000_000.0  # a fixed "now", so the tests do not depend on the clock
DAY = SECONDS_PER_DAY
POSTGRES_URL = os.environ.get("HECHTBOT_TEST_POSTGRES_URL")
SECRET = "mijn dochter slaapt slecht"  # message text that must never be printed


def turn(timestamp: float) -> list[Event]:
    """One exchange: the parent's message, the bot's action and its answer."""
    return [
        UserUttered(SECRET, intent={"name": "slaap", "confidence": 1.0}, timestamp=timestamp),
        ActionExecuted("utter_slaap", timestamp=timestamp + 0.1),
        BotUttered("Dat is zwaar.", timestamp=timestamp + 0.2),
    ]


def save(store: SQLTrackerStore, sender_id: str, *timestamps: float) -> None:
    events = [event for timestamp in timestamps for event in turn(timestamp)]
    tracker = DialogueStateTracker.from_events(sender_id, events)
    asyncio.run(store.save(tracker))


def stored(store: SQLTrackerStore, sender_id: str) -> list[dict] | None:
    tracker = asyncio.run(store.retrieve_full_tracker(sender_id))
    return None if tracker is None else [event.as_dict() for event in tracker.events]


def write_endpoints(path: Path, tracker_store: dict) -> Path:
    path.write_text(yaml.safe_dump({"tracker_store": tracker_store}), encoding="utf-8")
    return path


def sqlite_endpoints(tmp_path: Path, db: str = "t.db") -> Path:
    return write_endpoints(tmp_path / "endpoints.yml", {"type": "SQL", "dialect": "sqlite", "db": db})


def postgres_endpoints(tmp_path: Path, url: str) -> Path:
    parsed = sa.engine.make_url(url)
    settings = {
        "type": "SQL",
        "dialect": "postgresql",
        "url": parsed.host or "localhost",
        "port": parsed.port or 5432,
        "db": parsed.database,
        "username": parsed.username,
        "password": parsed.password,
    }
    return write_endpoints(tmp_path / "endpoints.yml", {k: v for k, v in settings.items() if v})


BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


@pytest.fixture(params=BACKENDS)
def backend(request, tmp_path: Path) -> Iterator[tuple]:
    """(Rasa's store, our engine for the same database, the endpoints file)."""
    if request.param == "sqlite":
        store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "t.db"))
        # relative `db`, resolved against the project directory (here: tmp_path)
        endpoints = sqlite_endpoints(tmp_path)
    else:
        assert POSTGRES_URL is not None  # the only way to get this backend
        store = SQLTrackerStore(Domain.empty(), host=POSTGRES_URL)
        endpoints = postgres_endpoints(tmp_path, POSTGRES_URL)
    engine = tracker_store_engine(endpoints, project_dir=tmp_path)
    with engine.begin() as connection:  # a scratch PostgreSQL database may hold rows
        connection.execute(sa.delete(SQLTrackerStore.SQLEvent.__table__))
    yield store, engine, endpoints
    engine.dispose()
    store.engine.dispose()


@pytest.fixture
def conversations(backend) -> dict:
    """Four conversations around a 30-day cut-off; returns what each looked like."""
    store, _, _ = backend
    save(store, "oud", NOW - 45 * DAY, NOW - 40 * DAY)  # idle 40 days: due
    save(store, "nieuw", NOW - 2 * DAY)  # recent: kept
    save(store, "gemengd", NOW - 50 * DAY, NOW - 1 * DAY)  # old start, recent end: kept whole
    # last event 10 s before the cut-off: due; its first event is 30 days + 10.2 s old
    save(store, "net-te-oud", NOW - 30 * DAY - 10.2)
    return {sender: stored(store, sender) for sender in ("oud", "nieuw", "gemengd", "net-te-oud")}


def test_purge_deletes_exactly_the_idle_conversations(backend, conversations):
    store, engine, _ = backend

    result = purge(engine, older_than_days=30, now=NOW)

    assert result == PurgeResult(conversations=2, events=6 + 3)
    assert stored(store, "oud") is None
    assert stored(store, "net-te-oud") is None
    # the others are untouched, including the 50-day-old start of "gemengd"
    assert stored(store, "nieuw") == conversations["nieuw"]
    assert stored(store, "gemengd") == conversations["gemengd"]
    assert len(conversations["gemengd"]) == 6
    assert set(asyncio.run(store.keys())) == {"nieuw", "gemengd"}


def test_purge_is_idempotent_and_honours_the_period(backend, conversations):
    store, engine, _ = backend

    assert purge(engine, older_than_days=60, now=NOW) == PurgeResult(0, 0)
    assert purge(engine, older_than_days=30, now=NOW) == PurgeResult(2, 9)
    assert purge(engine, older_than_days=30, now=NOW) == PurgeResult(0, 0)
    # a shorter period also takes "nieuw" (idle 2 days) but not "gemengd" (1 day)
    assert purge(engine, older_than_days=1.5, now=NOW) == PurgeResult(1, 3)
    assert set(asyncio.run(store.keys())) == {"gemengd"}


def test_a_conversation_exactly_at_the_cut_off_is_kept(backend):
    store, engine, _ = backend
    tracker = DialogueStateTracker.from_events("grens", [UserUttered("hoi", timestamp=NOW - 30 * DAY)])
    asyncio.run(store.save(tracker))

    assert purge(engine, older_than_days=30, now=NOW) == PurgeResult(0, 0)
    assert stored(store, "grens") is not None


def test_count_due_counts_what_purge_deletes_and_deletes_nothing(backend, conversations):
    store, engine, _ = backend

    assert count_due(engine, older_than_days=30, now=NOW) == PurgeResult(2, 9)
    assert {sender: stored(store, sender) for sender in conversations} == conversations
    assert purge(engine, older_than_days=30, now=NOW) == PurgeResult(2, 9)


def test_purge_uses_the_current_time_by_default(backend, conversations):
    store, engine, _ = backend  # NOW lies in the past: everything is over 30 days old

    assert purge(engine, older_than_days=30) == PurgeResult(4, 6 + 3 + 6 + 3)
    assert asyncio.run(store.keys()) == []


def test_delete_conversation_removes_one_sender_only(backend, conversations):
    store, engine, _ = backend

    assert delete_conversation(engine, "gemengd") == 6
    assert stored(store, "gemengd") is None
    for sender in ("oud", "nieuw", "net-te-oud"):
        assert stored(store, sender) == conversations[sender]
    assert delete_conversation(engine, "gemengd") == 0
    assert delete_conversation(engine, "onbekend") == 0


@pytest.mark.parametrize("days", [-1, float("nan"), float("inf")])
def test_purge_refuses_a_nonsensical_period(backend, days):
    _, engine, _ = backend
    with pytest.raises(ValueError):
        purge(engine, older_than_days=days, now=NOW)


def test_a_fresh_database_purges_nothing_and_is_not_created(tmp_path: Path):
    endpoints = sqlite_endpoints(tmp_path, db="nog-niet.db")
    engine = tracker_store_engine(endpoints, project_dir=tmp_path)

    assert purge(engine, older_than_days=30, now=NOW) == PurgeResult(0, 0)
    assert count_due(engine, older_than_days=30, now=NOW) == PurgeResult(0, 0)
    assert delete_conversation(engine, "iemand") == 0
    assert not (tmp_path / "nog-niet.db").exists()


def test_a_database_without_the_events_table_purges_nothing(tmp_path: Path):
    other = sqlite3.connect(tmp_path / "leeg.db")
    other.execute("CREATE TABLE iets (x INTEGER)")
    other.close()
    engine = tracker_store_engine(sqlite_endpoints(tmp_path, db="leeg.db"), project_dir=tmp_path)

    assert purge(engine, older_than_days=30, now=NOW) == PurgeResult(0, 0)
    assert delete_conversation(engine, "iemand") == 0


def test_engine_url_for_sqlite_is_anchored_at_the_project(tmp_path: Path):
    relative = tracker_store_engine(sqlite_endpoints(tmp_path, db=".rasa/tracker.db"))
    absolute = tracker_store_engine(
        sqlite_endpoints(tmp_path, db=str(tmp_path / "elders.db")), project_dir=PROJECT_DIR
    )

    assert relative.url.database == str(PROJECT_DIR / ".rasa" / "tracker.db")
    assert absolute.url.database == str(tmp_path / "elders.db")


def test_the_projects_own_endpoints_file_is_understood():
    engine = tracker_store_engine(PROJECT_DIR / "endpoints.yml")

    assert engine.dialect.name == "sqlite"
    assert Path(engine.url.database).is_relative_to(PROJECT_DIR)


def test_engine_url_for_postgresql_is_built_the_rasa_way(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("HECHTBOT_TEST_DB_PASSWORD", "geheim")
    endpoints = write_endpoints(
        tmp_path / "endpoints.yml",
        {
            "type": "SQL",
            "dialect": "postgresql",
            "url": "db.example.org",
            "port": "6543",
            "db": "hechtbot",
            "login_db": "postgres",  # only for creating `db`: the events are in `db`
            "username": "bot",
            "password": "${HECHTBOT_TEST_DB_PASSWORD}",
        },
    )

    url = tracker_store_engine(endpoints).url

    expected = SQLTrackerStore.get_db_url("postgresql", "db.example.org", 6543, "hechtbot", "bot", "geheim")
    assert str(url) == str(expected)
    assert (url.host, url.port, url.database, url.username, url.password) == (
        "db.example.org",
        6543,
        "hechtbot",
        "bot",
        "geheim",
    )


def test_endpoints_without_an_sql_tracker_store_are_refused(tmp_path: Path):
    with pytest.raises(FileNotFoundError):
        tracker_store_engine(tmp_path / "bestaat-niet.yml")
    with pytest.raises(ValueError):
        tracker_store_engine(write_endpoints(tmp_path / "e.yml", {"type": "redis"}))
    (tmp_path / "leeg.yml").write_text("action_endpoint:\n  url: http://x\n", encoding="utf-8")
    with pytest.raises(ValueError):
        tracker_store_engine(tmp_path / "leeg.yml")


def test_retention_days_default_and_override():
    assert DEFAULT_RETENTION_DAYS == 30
    assert retention_days({}) == 30
    assert retention_days({RETENTION_DAYS_ENV: " 7 "}) == 7
    assert retention_days({RETENTION_DAYS_ENV: "0.5"}) == 0.5
    for wrong in ("dertig", "0", "-3", "nan"):
        with pytest.raises(ValueError, match=RETENTION_DAYS_ENV):
            retention_days({RETENTION_DAYS_ENV: wrong})


def test_cli_dry_run_prints_counts_and_deletes_nothing(backend, conversations, capsys):
    store, _, endpoints = backend

    # NOW lies in the past: at the real time all four have been idle for over 400 days
    args = ["--dry-run", "--days", "400", "--endpoints", str(absolute_endpoints(endpoints))]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "would delete 4 conversation(s) (18 events)" in out
    assert "nothing deleted" in out
    assert SECRET not in out and "oud" not in out
    assert {sender: stored(store, sender) for sender in conversations} == conversations


def test_cli_purges_with_the_period_from_the_environment(backend, conversations, capsys, monkeypatch):
    store, _, endpoints = backend
    monkeypatch.setenv(RETENTION_DAYS_ENV, "400")

    assert main(["--endpoints", str(absolute_endpoints(endpoints))]) == 0
    out = capsys.readouterr().out
    assert "deleted 4 conversation(s) (18 events)" in out
    assert "more than 400 days" in out
    assert SECRET not in out
    assert asyncio.run(store.keys()) == []


def test_cli_reports_a_missing_endpoints_file(tmp_path: Path, capsys):
    assert main(["--dry-run", "--endpoints", str(tmp_path / "bestaat-niet.yml")]) == 1
    assert "bestaat-niet.yml" in capsys.readouterr().err


def test_cli_refuses_a_bad_period(tmp_path: Path, capsys, monkeypatch):
    endpoints = str(sqlite_endpoints(tmp_path, db=str(tmp_path / "t.db")))
    with pytest.raises(SystemExit):
        main(["--days", "0", "--endpoints", endpoints])
    monkeypatch.setenv(RETENTION_DAYS_ENV, "morgen")
    assert main(["--endpoints", endpoints]) == 1
    assert RETENTION_DAYS_ENV in capsys.readouterr().err


def absolute_endpoints(endpoints: Path) -> Path:
    """The CLI reads relative sqlite paths from the project: point it at the test db."""
    config = yaml.safe_load(endpoints.read_text(encoding="utf-8"))["tracker_store"]
    if config["dialect"] == "sqlite":
        config["db"] = str(endpoints.parent / config["db"])
    return write_endpoints(endpoints.parent / "endpoints-absolute.yml", config)
