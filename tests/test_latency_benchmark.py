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
