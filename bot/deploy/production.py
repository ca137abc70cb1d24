"""The production profile on one machine: what `python -m bot.deploy run` starts.

    PostgreSQL     conversations (Rasa's SQL tracker store, table `events`)
    Redis          conversation locks (Rasa's Redis lock store), shared by every process
    actions        the action server (rasa-sdk)
    rasa-1..N      Rasa replicas, each with SANIC_WORKERS worker processes
    webchat        the page's own server (bot/webchat/server.py), behind nginx
    nginx          one origin for the page, REST and socket.io (bot/deploy/nginx.py)

The servers are started exactly as the embedded stack starts them (bot/servers.py),
with deploy/endpoints.production.yml and its connection values in their environment.
PostgreSQL and Redis are throwaway local instances (bot/deploy/services.py): this is for
trying and testing the profile; a real deployment points the same variables at its own
database and Redis (docs/deploy.md).
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from bot.deploy import nginx
from bot.deploy.services import Services, running_services
from bot.servers import PROJECT_DIR, Stack, StackConfig, action_url

PRODUCTION_ENDPOINTS = PROJECT_DIR / "deploy" / "endpoints.production.yml"


@dataclass
class ProductionConfig:
    replicas: int = 2
    workers: int = 2  # Sanic worker processes per replica (SANIC_WORKERS)
    public_port: int = 8080  # nginx: the page, REST and socket.io, as `make run` has them
    rasa_port: int = 5005  # the first replica; the others count up from here
    action_port: int = 5055
    web_port: int = 8090  # the page's own server, reached through nginx
    postgres_port: int = 55432
    redis_port: int = 56379
    with_nginx: bool = True
    model: Path | None = None  # None: the newest model in models/
    log_dir: Path | None = None  # None: inherit the terminal
    debug: bool = False
    extra_env: dict[str, str] = field(default_factory=dict)


@dataclass
class ProductionStack:
    stack: Stack
    services: Services

    @property
    def rest_urls(self) -> list[str]:
        """Each replica's REST webhook, for clients that balance the load themselves."""
        return [f"http://localhost:{port}/webhooks/rest/webhook" for port in self.stack.config.rasa_ports]

    @property
    def public_url(self) -> str:
        """Where the page is (through nginx when it runs)."""
        return self.stack.config.web_url


def stack_config(config: ProductionConfig, services: Services) -> StackConfig:
    """The embedded stack's settings, pointed at the services and the production endpoints."""
    return StackConfig(
        rasa_port=config.rasa_port,
        action_port=config.action_port,
        web_port=config.web_port,
        model=config.model,
        log_dir=config.log_dir,
        debug=config.debug,
        replicas=config.replicas,
        workers=config.workers,
        endpoints=PRODUCTION_ENDPOINTS,
        public_port=config.public_port if config.with_nginx else None,
        extra_env={
            **services.env(),
            "HECHTBOT_ACTION_URL": action_url(config.action_port),
            **config.extra_env,
        },
    )


def prepare_database(services: Services) -> None:
    """Creates Rasa's `events` table once, before the replicas start.

    Every Rasa process creates it at start-up if it is missing; several doing so at once
    race, and the losers wait five seconds and try again (Rasa's SQLTrackerStore).
    """
    import sqlalchemy as sa

    from bot.privacy.retention import EVENTS

    engine = sa.create_engine(services.postgres.url)
    try:
        EVENTS.metadata.create_all(engine)
    finally:
        engine.dispose()


def prepare_session_secret() -> None:
    """Makes sure the secret that signs socket.io conversation ids exists before any worker.

    Without HECHTBOT_SESSION_SECRET every process reads `.rasa/session_secret`, and the
    first one to need it creates it (bot/webchat/sessions.py): with several workers
    starting at once, that is a race. Creating it here first avoids it.
    """
    from bot.webchat import sessions

    if not os.environ.get(sessions.SECRET_ENV):
        sessions.issue()


@contextmanager
def production_stack(config: ProductionConfig, services_dir: Path | None = None) -> Iterator[ProductionStack]:
    """Starts the services and the servers; stops all of them however the block ends."""
    site = nginx.Site(
        port=config.public_port,
        rasa_ports=[config.rasa_port + replica for replica in range(config.replicas)],
        web_port=config.web_port,
        run_as_root=os.geteuid() == 0,
    )
    with running_services(
        config.postgres_port,
        config.redis_port,
        nginx_port=config.public_port if config.with_nginx else None,
        render_nginx=partial(nginx.render, site) if config.with_nginx else None,
        workdir=services_dir,
    ) as services:
        prepare_database(services)
        prepare_session_secret()
        stack = Stack(stack_config(config, services))
        try:
            stack.start()  # actions, then all replicas at once, then the page
            yield ProductionStack(stack, services)
        finally:
            stack.stop()


def purge_production() -> None:
    """The hourly retention purge, against PostgreSQL (needs HECHTBOT_DB_* in os.environ)."""
    from bot.privacy.retention import main as purge_main

    purge_main(["--endpoints", str(PRODUCTION_ENDPOINTS)])  # prints counts only


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run(config: ProductionConfig) -> int:
    """Starts everything, supervises it, and stops everything on Ctrl-C or SIGTERM."""
    from bot.__main__ import supervise

    # Set explicitly: a shell that starts us in the background makes us ignore SIGINT.
    for stop_signal in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop_signal, _interrupt)
    try:
        with production_stack(config) as running:
            # The purge runs in this process and reads the same ${VARS} as Rasa.
            os.environ.update(running.stack.config.extra_env)
            print(
                "\nHechtbot (production profile) is running.\n"
                f"  Web chat: open {running.public_url} in your browser\n"
                f"  Rasa replicas: {', '.join(running.rest_urls)} "
                f"({config.workers} workers each)\n"
                f"  PostgreSQL 127.0.0.1:{running.services.postgres.port}, "
                f"Redis 127.0.0.1:{running.services.redis.port} "
                "(temporary: deleted when you stop)\n"
                "Press Ctrl-C to stop everything.",
                flush=True,
            )
            supervise(running.stack, purge=purge_production)
            return 1  # supervise returns only when a server cannot be started again
    except KeyboardInterrupt:
        print("\nStopping ...", flush=True)
        return 0
