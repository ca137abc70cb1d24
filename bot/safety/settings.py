"""The safety net's settings as config.yml gives them, for the scripts that measure it.

`make risk-cv` and `make safety-ablation` must measure the net the bot runs, not the
component's defaults; this reads the SafetyNet entry of config.yml (one place for them).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

CONFIG_FILE = Path(__file__).resolve().parents[2] / "config.yml"


def configured(path: Path = CONFIG_FILE) -> dict[str, Any]:
    """The SafetyNet entry of the pipeline, without its `name`."""
    pipeline = yaml.safe_load(path.read_text(encoding="utf-8"))["pipeline"]
    entry = next(step for step in pipeline if step["name"].endswith("SafetyNet"))
    return {key: value for key, value in entry.items() if key != "name"}
