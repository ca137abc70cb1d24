"""Shared fixtures: the content, and (for quality gates) the newest trained model."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.content.model import Content, load_content

PROJECT_DIR = Path(__file__).resolve().parent.parent

# `make test` runs two pytest workers, a whole module each (`-n 2 --dist loadfile
# --no-loadscope-reorder`). Modules start in collection order, so the longest ones go first:
# started last, the understanding gate alone (600-700 s) would keep one worker busy long
# after the other is done. Ordered by their time in CI's `--durations` list, longest first.
LONGEST_MODULES = ("test_understanding.py", "test_safety.py", "test_safety_net.py", "test_scale.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return LONGEST_MODULES.index(name) if name in LONGEST_MODULES else len(LONGEST_MODULES)

    items.sort(key=rank)  # stable: each module keeps its own order


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content()


@pytest.fixture(scope="session")
def trained_model() -> Path:
    models = sorted((PROJECT_DIR / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        pytest.fail("No trained model in models/: run `make train` (make test does).")
    return models[-1]


@pytest.fixture(scope="session")
def parse(trained_model: Path):
    """parse(text) -> Rasa's parse result, from the trained model (no servers)."""
    from rasa.core.agent import Agent

    agent = Agent.load(str(trained_model))
    loop = asyncio.new_event_loop()

    def _parse(text: str) -> dict:
        return loop.run_until_complete(agent.parse_message(text))

    yield _parse
    loop.close()
