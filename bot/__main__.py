"""Hechtbot's command line for maintainers.

python -m bot content build   regenerate Rasa's files from bot/content/
python -m bot content check   content rules + are the generated files up to date?
python -m bot content freeze SET.yml  drop training lines near a new blind set (counts only)
python -m bot new-intent NAME scaffold bot/content/topics/NAME.yml
python -m bot language setup  install or build the Dutch spaCy pipeline
python -m bot language which  print the Dutch pipeline the bot will use
python -m bot run             start the action server, the Rasa server and the web chat
                              (HECHTBOT_PROFILE=production: the production profile, docs/deploy.md)
python -m bot chat            chat with the running bot in the terminal (REST)
python -m bot safety-eval SET...  score the trained safety net on test sets (docs/safety.md)
python -m bot reply-eval SET...   score whole conversations on the replies people see (docs/language.md)
python -m bot purge [--days N]    delete conversations older than the retention period
python -m bot report [--since D] [--until D]  what users could not get (HTML, docs/report.md)
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bot.content.model import TOPICS_DIR

SCAFFOLD = """\
# Fill in every field, then run `make content` and `make test`.
intent: {name}
title: ""  # Dutch button label, at most 40 characters
reviewed: null  # YYYY-MM-DD once checked against docs/content-review.md
answer: ""  # B1 Dutch for parents, at most 90 words, from the curated sources
more: ""  # "Meer weten": detail for professionals, in our own words
literature: []  # only references the cited source itself names for that claim
evidence: []  # per sentence: - claim: <words of ours>, source: <id>, quote: <=25 words of the source
related: []  # 2-3 other topic intents, shown as buttons
examples: []  # at least 20, varied (typos, stories, terse professional questions)
test_examples: []  # at least 6, worded differently; never trained on
"""


def content_build() -> int:
    from bot.content.build import write_generated
    from bot.content.check import check_content
    from bot.content.model import load_content

    content = load_content()
    problems = check_content(content)
    if problems:  # generating from broken content would only move the error to Rasa
        return report(problems)
    for path in write_generated(content):
        print(f"wrote {path}")
    return content_check()


def report(problems) -> int:
    for problem in problems:
        print(f"content: {problem}", file=sys.stderr)
    return 1 if problems else 0


def content_check(intents=()) -> int:
    from bot.content.build import stale_generated
    from bot.content.check import check_content, check_intent
    from bot.content.model import load_content

    content = load_content()
    if intents:  # quick check of the files being edited (no cross-file rules)
        by_intent = content.by_intent()
        unknown = [name for name in intents if name not in by_intent]
        problems = [f"unknown intent '{name}'" for name in unknown]
        for name in intents:
            if name in by_intent:
                problems += check_intent(by_intent[name], content)
        if not problems:
            print(f"ok: {', '.join(intents)}")
        return report(problems)
    problems = check_content(content)
    problems += [f"{path} is out of date: run `make content`" for path in stale_generated(content)]
    if not problems:
        print(f"content ok: {len(content.topics)} topics, {len(content.conversation)} conversation intents")
    return report(problems)


def new_intent(name: str) -> int:
    path: Path = TOPICS_DIR / f"{name}.yml"
    if path.exists():
        print(f"{path} exists already", file=sys.stderr)
        return 1
    path.write_text(SCAFFOLD.format(name=name), encoding="utf-8")
    print(f"created {path}: fill it in, then `make content`")
    return 0


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


# How often the running stack deletes conversations past the retention period.
PURGE_EVERY_SECONDS = 3600


def purge_now() -> None:
    from bot.privacy.retention import main as purge_main

    purge_main([])  # prints counts only, never message text


def supervise(
    stack,
    should_stop: Callable[[], bool] = lambda: False,
    poll_seconds: float = 1.0,
    purge: Callable[[], None] | None = None,
) -> None:
    """Restarts a server that dies (says so), and purges old conversations hourly
    (`purge`, default `purge_now`: the embedded tracker store).
    Returns when a server cannot be started again (or when `should_stop()`, for tests)."""
    next_purge = 0.0
    while not should_stop():
        if time.monotonic() >= next_purge:
            (purge or purge_now)()
            next_purge = time.monotonic() + PURGE_EVERY_SECONDS
        for name in stack.dead():
            print(f"The {name} server stopped unexpectedly; restarting it.", file=sys.stderr, flush=True)
            try:
                stack.restart(name)
                print(f"The {name} server is running again.", flush=True)
            except (RuntimeError, TimeoutError) as error:
                print(f"Could not restart the {name} server ({error}); stopping.", file=sys.stderr)
                return
        time.sleep(poll_seconds)


def run() -> int:
    from bot.deploy import PRODUCTION, PROFILE_ENV
    from bot.language.pipeline import resolve_pipeline
    from bot.servers import Stack, StackConfig

    profile = os.environ.get(PROFILE_ENV, "").strip()
    if profile not in ("", "embedded", PRODUCTION):
        print(f"{PROFILE_ENV} must be 'production' or unset, not {profile!r}", file=sys.stderr)
        return 2
    print(f"Dutch language pipeline: {resolve_pipeline().describe()}", flush=True)
    if profile == PRODUCTION:
        from bot.deploy.production import ProductionConfig
        from bot.deploy.production import run as run_production

        return run_production(ProductionConfig())
    config = StackConfig()
    # Ctrl-C and a service manager's SIGTERM both stop the servers. Set explicitly:
    # a shell that starts us in the background makes us inherit "ignore SIGINT".
    for stop_signal in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop_signal, _interrupt)
    stack = Stack(config)
    try:
        stack.start()
        print(
            "\nHechtbot is running.\n"
            f"  Web chat: open {config.web_url} in your browser\n"
            f"  REST:  curl -s -XPOST {config.rest_url} \\\n"
            "           -H 'Content-Type: application/json' \\\n"
            '           -d \'{"sender": "ik", "message": "wat is hechting?"}\'\n'
            "  Chat in the terminal: in another terminal, `make chat`\n"
            "Press Ctrl-C to stop all servers.",
            flush=True,
        )
        supervise(stack)
        return 1
    except KeyboardInterrupt:
        print("\nStopping ...", flush=True)
        return 0
    finally:
        stack.stop()


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["report"]:  # its own options: bot/report/__main__.py
        from bot.report.__main__ import main as report_main

        return report_main(argv[1:], prog="python -m bot report")
    if argv[:1] == ["purge"]:  # its own options: bot/privacy/retention.py
        from bot.privacy.retention import main as purge_main

        return purge_main(argv[1:])
    parser = argparse.ArgumentParser(
        prog="python -m bot", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    content = sub.add_parser("content").add_subparsers(dest="action", required=True)
    content.add_parser("build")
    check = content.add_parser("check")
    check.add_argument("intents", nargs="*", help="only these intents (quick, while editing)")
    freeze = content.add_parser("freeze")
    freeze.add_argument("set", type=Path, help="the new blind set, before its first run")
    scaffold = sub.add_parser("new-intent")
    scaffold.add_argument("name")
    language = sub.add_parser("language").add_subparsers(dest="action", required=True)
    language.add_parser("setup")
    language.add_parser("which")
    sub.add_parser("run")
    sub.add_parser("chat")
    sub.add_parser("purge", help="delete conversations older than the retention period", add_help=False)
    safety_eval = sub.add_parser("safety-eval")
    safety_eval.add_argument("sets", nargs="+", type=Path)
    safety_eval.add_argument("--misses", action="store_true", help="also list what went wrong")
    reply_eval = sub.add_parser("reply-eval")
    reply_eval.add_argument("sets", nargs="+", type=Path)
    reply_eval.add_argument("--misses", action="store_true", help="also list what went wrong")
    args = parser.parse_args(argv)

    if args.command == "reply-eval":
        from bot.reply_evaluation import main as reply_main

        return reply_main(args.sets, show_misses=args.misses)
    if args.command == "safety-eval":
        from bot.safety.evaluation import main as evaluate_main

        return evaluate_main(args.sets, show_misses=args.misses)

    if args.command == "run":
        return run()
    if args.command == "chat":
        from bot.chat_cli import main as chat_main

        return chat_main()
    if args.command == "content" and args.action == "freeze":
        from bot.content.freeze import main as freeze_main

        return freeze_main(args.set)
    if args.command == "content":
        return content_build() if args.action == "build" else content_check(args.intents)
    if args.command == "new-intent":
        return new_intent(args.name)
    if args.action == "setup":
        from bot.language.setup import main as setup_main

        return setup_main()
    from bot.language.pipeline import resolve_pipeline

    print(resolve_pipeline().describe())
    return 0


if __name__ == "__main__":
    sys.exit(main())
