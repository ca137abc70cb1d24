"""Starting the real servers for end-to-end and browser tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.servers import Stack, StackConfig, running_stack


@contextmanager
def served(
    model: Path,
    workdir: Path,
    debug: bool = False,
    *,
    rasa_port: int = StackConfig.rasa_port,
    action_port: int = StackConfig.action_port,
    web_port: int = StackConfig.web_port,
) -> Iterator[Stack]:
    """The real servers on test ports, with their own tracker database and logs."""
    config = StackConfig(
        rasa_port=rasa_port,
        action_port=action_port,
        web_port=web_port,
        model=model,
        tracker_db=workdir / "tracker.db",
        log_dir=workdir / "logs",
        debug=debug,
    )
    with running_stack(config) as stack:
        yield stack
