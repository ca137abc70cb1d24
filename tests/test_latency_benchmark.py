"""The latency benchmark: its starter bot is Rasa's default config with a fixed seed; its report."""

from __future__ import annotations

from pathlib import Path

import yaml
from rasa.engine.recipes.default_recipe import DefaultV1Recipe

from benchmarks import latency
from benchmarks.latency import RANDOM_SEED, SEEDED, seed_starter_config

INIT_CONFIG = """recipe: default.v1
assistant_id: placeholder_default
language: en
pipeline:
policies:
"""


def test_the_starter_config_is_rasas_default_with_a_fixed_seed(tmp_path: Path) -> None:
    config_file = tmp_path / "config.yml"
    config_file.write_text(INIT_CONFIG, encoding="utf-8")
    seed_starter_config(config_file)
    written = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    default = DefaultV1Recipe.complete_config({}, {"pipeline", "policies"})
    assert written["language"] == "en" and written["assistant_id"] == "placeholder_default"
    for key in ("pipeline", "policies"):
        seeded = [step for step in written[key] if step["name"] in SEEDED]
        assert seeded and all(step["random_seed"] == RANDOM_SEED for step in seeded)
        # nothing else differs from what Rasa would have used
        unseeded = [{k: v for k, v in step.items() if k != "random_seed"} for step in written[key]]
        assert unseeded == default[key]


def test_concurrent_latencies_are_reported_by_kind_of_turn() -> None:
    run = latency.Run(by_kind={"topic": [0.03, 0.01, 0.02], "walk-through": [0.2, 0.4, 0.3]})
    assert run.kinds_line() == "by kind of turn (p50/p95): topic 20/30 ms, walk-through 300/400 ms"


def test_processes_are_told_apart_by_their_command_line() -> None:
    venv = "/p/.venv/bin"
    assert latency.process_kind(f"{venv}/rasa run actions --actions actions --port 5055") == "action server"
    assert latency.process_kind(f"{venv}/python -m bot.rasa_server run --enable-api") == "Rasa"
    assert latency.process_kind(f"{venv}/rasa run --enable-api --port 5700") == "Rasa"  # the starter bot
    assert latency.process_kind("postgres: hechtbot hechtbot 127.0.0.1(5432) idle") == "PostgreSQL"
    assert latency.process_kind("/usr/bin/redis-server 127.0.0.1:6390") == "Redis"
    assert latency.process_kind("nginx: worker process") == "nginx"
    assert latency.process_kind(f"{venv}/python -m bot.webchat.server --port 8080") == "page"
    assert latency.process_kind("/bin/sleep 5") == "other"


def test_a_turns_cpu_is_shown_by_kind_of_process_largest_first() -> None:
    run = latency.Run(cpu_ms={"PostgreSQL": 1.5, "Rasa": 24.25, "this client": 0.6})
    assert run.cpu_ms_per_turn == 26.35
    assert run.cpu_line() == "CPU per answered turn: 26.4 ms = Rasa 24.2 + PostgreSQL 1.5 + this client 0.6"
