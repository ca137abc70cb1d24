"""Delete stored conversations once they are no longer needed.

Parents tell Hechtbot about their children and their worries. Rasa's SQL tracker
store keeps every event of every conversation forever unless someone deletes it, so
this module does: a conversation whose last event is older than the retention
period (30 days unless HECHTBOT_RETENTION_DAYS says otherwise) is deleted whole,
and a single conversation can be deleted on request.

It works directly on Rasa's own `events` table (SQLite or PostgreSQL) through the
same connection settings as the Rasa server (endpoints.yml), so it needs no running
bot. Maintainers run it as

    python -m bot purge [--days N] [--endpoints endpoints.yml] [--dry-run]

which prints counts only, never what was said.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url

with warnings.catch_warnings(record=True):
    # Rasa 3.6 declares its table with SQLAlchemy 1.x's declarative_base(), which
    # prints a "SQLAlchemy 2.0" warning on import: Rasa's business, not something a
    # maintainer can fix. Recorded and dropped rather than filtered, because the
    # libraries Rasa imports on the way (sanic) rewrite the warning filters.
    from rasa.core.tracker_store import (
        SQLTrackerStore,
        create_engine_kwargs,
        validate_port,
    )
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import read_endpoint_config

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent
DEFAULT_ENDPOINTS = PROJECT_DIR / "endpoints.yml"
DEFAULT_RETENTION_DAYS = 30
RETENTION_DAYS_ENV = "HECHTBOT_RETENTION_DAYS"
SECONDS_PER_DAY = 24 * 60 * 60

# Rasa's own table definition (columns id, sender_id, type_name, timestamp, ...):
# one row per event, `timestamp` in seconds since the epoch, as Rasa writes it.
EVENTS: sa.Table = SQLTrackerStore.SQLEvent.__table__


class PurgeResult(NamedTuple):
    """How many conversations (sender ids) and event rows were (or would be) deleted."""

    conversations: int
    events: int


def retention_days(environ: Mapping[str, str] = os.environ) -> float:
    """The retention period: HECHTBOT_RETENTION_DAYS if set, else 30 days."""
    raw = environ.get(RETENTION_DAYS_ENV, "").strip()
    if not raw:
        return float(DEFAULT_RETENTION_DAYS)
    try:
        return _positive_days(raw)
    except ValueError as error:
        raise ValueError(f"{RETENTION_DAYS_ENV}: {error}") from None


def _positive_days(raw: str) -> float:
    """A retention period from the command line or the environment.

    Zero is refused here: it would delete conversations that are going on right now.
    """
    try:
        days = float(raw)
    except ValueError:
        raise ValueError(f"expected a number of days, got {raw!r}") from None
    if not (math.isfinite(days) and days > 0):
        raise ValueError(f"expected a positive number of days, got {raw!r}")
    return days


def tracker_store_engine(endpoints_path: Path, *, project_dir: Path = PROJECT_DIR) -> Engine:
    """An engine for the SQL tracker store configured in `endpoints_path`.

    The URL is built by Rasa's own `SQLTrackerStore.get_db_url` from the same keys
    Rasa reads (`url` as host, dialect, port, db, username, password, query; `${VAR}`
    is taken from the environment), with Rasa's engine options. A relative SQLite
    path is taken relative to `project_dir`, where the Rasa server runs.

    Raises FileNotFoundError if the file is missing and ValueError if it configures
    no SQL tracker store.
    """
    if not Path(endpoints_path).is_file():
        raise FileNotFoundError(f"no endpoints file at {endpoints_path}")
    config = read_endpoint_config(str(endpoints_path), "tracker_store")
    if config is None or (config.type or "").lower() != "sql":
        raise ValueError(f"{endpoints_path} configures no SQL tracker store (type: SQL)")
    settings = {
        key: config.kwargs[key]
        for key in ("dialect", "db", "username", "password", "query")
        if key in config.kwargs
    }
    # `login_db` is only where Rasa connects first to create `db`; the events
    # live in `db`, so it is not passed on.
    url = make_url(
        SQLTrackerStore.get_db_url(host=config.url, port=validate_port(config.kwargs.get("port")), **settings)
    )
    url = _anchor_sqlite_path(url, project_dir)
    return sa.create_engine(url, **create_engine_kwargs(url))


def _anchor_sqlite_path(url: sa.engine.URL, project_dir: Path) -> sa.engine.URL:
    database = url.database
    if url.get_backend_name() != "sqlite" or not _is_sqlite_file(database):
        return url
    path = Path(database)
    return url if path.is_absolute() else url.set(database=str(project_dir / path))


def _is_sqlite_file(database: str | None) -> bool:
    if not database:
        return False
    return database != ":memory:" and not database.startswith("file:")


def _has_events_table(engine: Engine) -> bool:
    """False for a fresh database; never creates a missing SQLite file."""
    if (
        engine.dialect.name == "sqlite"
        and _is_sqlite_file(engine.url.database)
        and not Path(engine.url.database).exists()
    ):
        return False
    return sa.inspect(engine).has_table(EVENTS.name)


def _cutoff(older_than_days: float, now: float | None) -> float:
    if not (math.isfinite(older_than_days) and older_than_days >= 0):
        raise ValueError(f"older_than_days must be >= 0, got {older_than_days!r}")
    return (time.time() if now is None else now) - older_than_days * SECONDS_PER_DAY


def _due_conversations(cutoff: float) -> sa.sql.Select:
    """sender_id and event count of each conversation whose last event is before cutoff.

    Reads an alias of the table so that, inside a DELETE on `events`, it stays a
    self-contained subquery instead of being correlated with the rows being deleted.
    """
    events = EVENTS.alias("conversation_events")
    return (
        sa.select(events.c.sender_id, sa.func.count().label("events"))
        .group_by(events.c.sender_id)
        .having(sa.func.max(events.c.timestamp) < cutoff)
    )


def _count(connection: sa.engine.Connection, cutoff: float) -> PurgeResult:
    due = _due_conversations(cutoff).subquery()
    conversations, events = connection.execute(
        sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(due.c.events), 0))
    ).one()
    return PurgeResult(int(conversations), int(events))


def count_due(engine: Engine, older_than_days: float, now: float | None = None) -> PurgeResult:
    """What `purge` with the same arguments would delete, deleting nothing."""
    cutoff = _cutoff(older_than_days, now)
    if not _has_events_table(engine):
        return PurgeResult(0, 0)
    with engine.connect() as connection:
        return _count(connection, cutoff)


def purge(engine: Engine, older_than_days: float, now: float | None = None) -> PurgeResult:
    """Delete every conversation whose last event is more than `older_than_days` old.

    A conversation is all rows of one sender_id. It goes as a whole when its newest
    event is older than the cut-off (`now`, default the current time, minus the
    period); a conversation with any newer event is kept whole. Events without a
    timestamp never make a conversation due. A database without Rasa's table (fresh,
    nothing stored yet) gives zeros.
    """
    cutoff = _cutoff(older_than_days, now)
    if not _has_events_table(engine):
        return PurgeResult(0, 0)
    with engine.begin() as connection:
        due = _count(connection, cutoff)
        if not due.conversations:
            return due
        # One statement that re-evaluates "due" itself, so an event that arrives
        # for a conversation between the count and the delete is not lost with it.
        deleted = connection.execute(
            sa.delete(EVENTS).where(
                EVENTS.c.sender_id.in_(sa.select(_due_conversations(cutoff).subquery().c.sender_id))
            )
        )
        return PurgeResult(due.conversations, deleted.rowcount)


def delete_conversation(engine: Engine, sender_id: str) -> int:
    """Delete all events of one conversation; returns the number of rows deleted."""
    if not _has_events_table(engine):
        return 0
    with engine.begin() as connection:
        deleted = connection.execute(sa.delete(EVENTS).where(EVENTS.c.sender_id == sender_id))
        return deleted.rowcount


def _days_argument(raw: str) -> float:
    try:
        return _positive_days(raw)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def main(argv: list[str] | None = None) -> int:
    """`python -m bot purge`: delete conversations idle longer than the retention period."""
    parser = argparse.ArgumentParser(
        prog="python -m bot purge",
        description="Delete stored conversations whose last message is older than the "
        "retention period. Prints counts only.",
    )
    parser.add_argument(
        "--days",
        type=_days_argument,
        help=f"retention period in days (default: ${RETENTION_DAYS_ENV}, else {DEFAULT_RETENTION_DAYS})",
    )
    parser.add_argument(
        "--endpoints",
        type=Path,
        default=DEFAULT_ENDPOINTS,
        help="Rasa endpoints file with the tracker store (default: the project's)",
    )
    parser.add_argument("--dry-run", action="store_true", help="only count what would be deleted")
    args = parser.parse_args(argv)

    try:
        days = args.days if args.days is not None else retention_days()
        engine = tracker_store_engine(args.endpoints)
    except (OSError, ValueError, RasaException) as error:
        print(f"purge: {error}", file=sys.stderr)
        return 1
    try:
        result = count_due(engine, days) if args.dry_run else purge(engine, days)
    except sa.exc.SQLAlchemyError as error:
        # The driver's own message (e.g. "connection refused"), without the SQL.
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        print(f"purge: database error: {reason}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()

    counts = f"{result.conversations} conversation(s) ({result.events} events)"
    idle = f"last active more than {days:g} {'day' if days == 1 else 'days'} ago"
    if args.dry_run:
        print(f"dry run: would delete {counts} {idle}; nothing deleted")
    else:
        print(f"deleted {counts} {idle}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
