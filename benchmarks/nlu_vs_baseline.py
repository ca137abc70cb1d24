"""Benchmark (not a test): our Rasa NLU pipeline beside a classical baseline.

Both are trained on the same training examples and scored on the same held-out test
set (bot/content: `examples` vs `test_examples`), in one run, so the ratios are fair
even on a noisy machine. Baseline: TF-IDF over character (2-5, word-bounded) and word
(1-2) n-grams, then a linear SVM. Run: `make benchmark`.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from bot.content.model import load_content  # noqa: E402
from bot.evaluation import (  # noqa: E402
    Prediction,
    Report,
    evaluate,
    prediction_from_parse,
    test_examples,
    training_examples,
)


def baseline(train):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline, make_union
    from sklearn.svm import LinearSVC

    model = make_pipeline(
        make_union(
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
            TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True),
        ),
        LinearSVC(C=1.0),
    )
    started = time.perf_counter()
    model.fit([e.text for e in train], [e.intent for e in train])
    seconds = time.perf_counter() - started

    def predict(text: str) -> Prediction:
        label = model.predict([text])[0]
        return Prediction(final=label, classified=label)

    return predict, seconds


def rasa_pipeline(workdir: Path):
    from rasa.core.agent import Agent
    from rasa.model_training import train_nlu

    # An empty training cache, so the time is a full training and not a cache hit.
    os.environ["RASA_CACHE_DIRECTORY"] = str(workdir / "cache")
    started = time.perf_counter()
    model_path = train_nlu(
        config=str(PROJECT_DIR / "config.yml"),
        nlu_data=str(PROJECT_DIR / "data" / "nlu.yml"),
        output=str(workdir),
        domain=str(PROJECT_DIR / "domain.yml"),
    )
    seconds = time.perf_counter() - started
    agent = Agent.load(model_path)
    loop = asyncio.new_event_loop()

    def predict(text: str) -> Prediction:
        return prediction_from_parse(loop.run_until_complete(agent.parse_message(text)))

    return predict, seconds


def row(name: str, report: Report, seconds: float) -> str:
    return (
        f"{name:<28} {report.accuracy:>8.3f} {report.macro_f1:>9.3f} "
        f"{report.out_of_scope_rate:>8.3f} {seconds:>9.1f}"
    )


def main() -> int:
    content = load_content()
    train, test = training_examples(content), test_examples(content)
    print(
        f"{len(train)} training examples, {len(test)} held-out test examples, {len(content.intents)} intents"
    )
    base_predict, base_seconds = baseline(train)
    base = evaluate(test, base_predict)
    with tempfile.TemporaryDirectory() as workdir:
        ours_predict, ours_seconds = rasa_pipeline(Path(workdir))
        ours = evaluate(test, ours_predict)
    print(f"\n{'pipeline':<28} {'accuracy':>8} {'macro F1':>9} {'OOS rate':>8} {'train (s)':>9}")
    print(row("Hechtbot (Rasa pipeline)", ours, ours_seconds))
    print(row("TF-IDF char+word + SVM", base, base_seconds))
    print(
        f"\nratios ours/baseline: accuracy {ours.accuracy / base.accuracy:.3f}, "
        f"macro F1 {ours.macro_f1 / base.macro_f1:.3f}, "
        f"OOS rate {ours.out_of_scope_rate / max(base.out_of_scope_rate, 1e-9):.3f}"
    )
    print("(ours: classifier's best intent; its fallback only adds to the OOS rate)")
    not_worse = ours.accuracy >= base.accuracy and ours.macro_f1 >= base.macro_f1
    print(
        "verdict:",
        "ours does not lose to the baseline"
        if not_worse
        else "OURS LOSES to the baseline: change the pipeline",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
