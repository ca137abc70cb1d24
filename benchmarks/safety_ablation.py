"""Ablation of the safety net: patterns alone, risk model alone, both (`make safety-ablation`).

Trains the risk model as `rasa train` does (risk corpus + topic examples as ordinary
messages) and scores the given test sets at component level: the topic classifier's
own safety guess is left out, so this isolates the two layers of bot/safety/.
Usage: python benchmarks/safety_ablation.py tests/safety/*.yml
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.content.model import load_content
from bot.safety.evaluation import Outcome, evaluate, load_set
from bot.safety.rasa_component import SafetyNet
from bot.safety.settings import configured

VARIANTS = {"patterns alone": {"use_model": False}, "risk model alone": {"use_patterns": False}, "both": {}}


def assessor(net: SafetyNet) -> Callable[[str], Outcome]:
    """The net's decision on a text, as the evaluation reads it."""

    def assess(text: str) -> Outcome:
        decision = net.assess(text)
        return Outcome(decision.level, decision.category, decision.also)

    return assess


def main(paths) -> int:
    content = load_content()
    examples = [
        Message(data={TEXT: text, INTENT: item.intent}) for item in content.intents for text in item.examples
    ]
    cases = [case for path in paths for case in load_set(Path(path))]
    with tempfile.TemporaryDirectory() as folder:
        storage = LocalModelStorage(Path(folder))
        SafetyNet(configured(), storage, Resource("safety")).train(TrainingData(examples))
        print(f"sets: {', '.join(Path(p).name for p in paths)}")
        for name, change in VARIANTS.items():
            # The settings the bot runs with (config.yml), with one layer switched off.
            net = SafetyNet.load(
                {**configured(), **change}, storage, Resource("safety"), execution_context=None
            )
            report = evaluate(cases, assessor(net), content)
            print(f"\n{name}")
            print("\n".join("  " + line for line in report.lines()[:6]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or sorted(str(p) for p in Path("tests/safety").glob("*.yml"))))
