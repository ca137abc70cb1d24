"""Starting the real servers for end-to-end and browser tests."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from bot.servers import Stack, StackConfig, running_stack


@contextmanager
def served(model: Path, workdir: Path, debug: bool = False, **ports: int) -> Iterator[Stack]:
    """The real servers on test ports, with their own tracker database and logs."""
    config = StackConfig(model=model, tracker_db=workdir / "tracker.db", log_dir=workdir / "logs",
                         debug=debug, **ports)
    with running_stack(config) as stack:
        yield stack
