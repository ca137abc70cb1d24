"""`python -m bot.deploy run`: the production profile on this machine (docs/deploy.md).

Starts PostgreSQL and Redis (installed with apt-get when missing, data in a temporary
directory), the action server, N Rasa replicas with W Sanic workers each, the page's
server and nginx in front of them; stops all of it on Ctrl-C.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.deploy.production import ProductionConfig, run


def parse(argv: list[str]) -> ProductionConfig:
    defaults = ProductionConfig()
    parser = argparse.ArgumentParser(
        prog="python -m bot.deploy", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    start = sub.add_parser("run", help="start the production profile until Ctrl-C")
    start.add_argument("--replicas", type=int, default=defaults.replicas, help="Rasa servers")
    start.add_argument("--workers", type=int, default=defaults.workers, help="Sanic workers per Rasa server")
    start.add_argument("--port", type=int, default=defaults.public_port, help="nginx: open the page here")
    start.add_argument(
        "--rasa-port", type=int, default=defaults.rasa_port, help="first replica (the others count up)"
    )
    start.add_argument("--action-port", type=int, default=defaults.action_port)
    start.add_argument(
        "--web-port", type=int, default=defaults.web_port, help="the page's server, behind nginx"
    )
    start.add_argument("--postgres-port", type=int, default=defaults.postgres_port)
    start.add_argument("--redis-port", type=int, default=defaults.redis_port)
    start.add_argument(
        "--no-nginx", action="store_true", help="no proxy: the page talks to the first replica"
    )
    start.add_argument("--model", type=Path, help="default: the newest model in models/")
    start.add_argument(
        "--debug", action="store_true", help="Rasa and actions log at DEBUG (never message text)"
    )
    args = parser.parse_args(argv)
    if args.replicas < 1 or args.workers < 1:
        parser.error("--replicas and --workers must be at least 1")
    return ProductionConfig(
        replicas=args.replicas,
        workers=args.workers,
        public_port=args.port,
        rasa_port=args.rasa_port,
        action_port=args.action_port,
        web_port=args.web_port,
        postgres_port=args.postgres_port,
        redis_port=args.redis_port,
        with_nginx=not args.no_nginx,
        model=args.model,
        debug=args.debug,
    )


def main(argv: list[str] | None = None) -> int:
    return run(parse(sys.argv[1:] if argv is None else argv))


if __name__ == "__main__":
    sys.exit(main())
