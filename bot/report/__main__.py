"""`python -m bot.report`: write the maintainer report for a range of days.

    python -m bot.report [--since YYYY-MM-DD] [--until YYYY-MM-DD]
                         [--endpoints endpoints.yml] [--out report.html]

Default: the last 7 days up to and including today, written to
reports/report-<since>-<until>.html in the project. Prints counts and the file
name only, never what was said. See docs/report.md.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from rasa.shared.exceptions import RasaException

from bot.privacy.retention import DEFAULT_ENDPOINTS, PROJECT_DIR, tracker_store_engine
from bot.report.analysis import build_report
from bot.report.events import Window, read_conversations
from bot.report.render import render_page

DEFAULT_DAYS = 7
REPORTS_DIR = PROJECT_DIR / "reports"


def window_for(since: date | None, until: date | None, today: date) -> Window:
    """The days to report on: `until` defaults to today, `since` to 7 days up to `until`."""
    until = today if until is None else until
    since = until - timedelta(days=DEFAULT_DAYS - 1) if since is None else since
    return Window(since, until)


def default_out(window: Window) -> Path:
    return REPORTS_DIR / f"report-{window.since.isoformat()}-{window.until.isoformat()}.html"


def write_private(path: Path, text: str) -> None:
    """Write `path` readable by its owner only: it quotes (masked) parents' messages."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)


def _date(raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {raw!r}") from None


def main(argv: list[str] | None = None, prog: str = "python -m bot.report") -> int:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Write the maintainer report (one HTML page) from the tracker store. "
        "Read-only; prints counts only.",
    )
    parser.add_argument("--since", type=_date, help="first day (default: 6 days before --until)")
    parser.add_argument("--until", type=_date, help="last day, included (default: today)")
    parser.add_argument(
        "--endpoints",
        type=Path,
        default=DEFAULT_ENDPOINTS,
        help="Rasa endpoints file with the tracker store (default: the project's)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        help="HTML file to write (default: reports/report-<since>-<until>.html)",
    )
    args = parser.parse_args(argv)

    try:
        window = window_for(args.since, args.until, date.today())
        engine = tracker_store_engine(args.endpoints)
    except (OSError, ValueError, RasaException) as error:
        print(f"report: {error}", file=sys.stderr)
        return 1
    try:
        report = build_report(read_conversations(engine, window), window)
    except sa.exc.SQLAlchemyError as error:
        # The driver's own message (e.g. "connection refused"), without the SQL.
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        print(f"report: database error: {reason}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()

    out = args.out or default_out(window)
    try:
        write_private(out, render_page(report, generated=datetime.now().astimezone()))
    except OSError as error:
        print(f"report: cannot write {out}: {error}", file=sys.stderr)
        return 1
    print(
        f"wrote {out}: {window.since} to {window.until}, {report.conversations} conversation(s), "
        f"{report.user_messages} user message(s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
