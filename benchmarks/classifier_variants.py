"""Benchmark (not a test): compare intent-classifier variants by cross-validation on the
TRAINING examples only, so choosing a setting never looks at the held-out test set.

It rebuilds the pipeline's features in sklearn (spaCy tokens of the resolved Dutch
pipeline, lower-cased; word 1-2-grams and char_wb 2-5-grams as CountVectorsFeaturizer
makes them; TF-IDF per block) and scores each variant on the same stratified folds.
Run: `make classifier-variants` (a few minutes). Add a variant to VARIANTS to try one.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from bot.content.model import load_content  # noqa: E402
from bot.evaluation import training_examples  # noqa: E402
from bot.language.tfidf_classifier import TemperatureScaledSvm  # noqa: E402

FOLDS = 5


def tokenised(texts: list[str]) -> list[str]:
    import spacy

    from bot.language.pipeline import resolve_pipeline

    nlp = spacy.load(resolve_pipeline().location)
    return [" ".join(token.text.lower() for token in doc) for doc in nlp.pipe(texts)]


def features(word: tuple = (1, 2), char: tuple = (2, 5)):
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
    from sklearn.pipeline import make_pipeline, make_union

    return make_union(
        make_pipeline(
            CountVectorizer(token_pattern=r"(?u)\b\w+\b", ngram_range=word),
            TfidfTransformer(sublinear_tf=True),
        ),
        make_pipeline(
            CountVectorizer(analyzer="char_wb", ngram_range=char), TfidfTransformer(sublinear_tf=True)
        ),
    )


def platt_ensemble(c: float, folds: int):
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.svm import LinearSVC

    return CalibratedClassifierCV(LinearSVC(C=c, max_iter=5000), cv=folds, method="sigmoid")


def logistic_regression(c: float):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=5000)


def with_features(classifier: Callable, **feature_settings) -> Callable:
    from sklearn.pipeline import make_pipeline

    return lambda: make_pipeline(features(**feature_settings), classifier())


VARIANTS: dict[str, Callable] = {
    "ours: SVM C=1 + temperature": with_features(lambda: TemperatureScaledSvm(1.0, 5000, 5, 42)),
    "SVM C=0.5 + temperature": with_features(lambda: TemperatureScaledSvm(0.5, 5000, 5, 42)),
    "SVM C=2 + temperature": with_features(lambda: TemperatureScaledSvm(2.0, 5000, 5, 42)),
    "Platt over 10 fold SVMs (before)": with_features(lambda: platt_ensemble(1.0, 10)),
    "logistic regression C=30": with_features(lambda: logistic_regression(30.0)),
    "word 1-3-grams": with_features(lambda: TemperatureScaledSvm(1.0, 5000, 5, 42), word=(1, 3)),
}


def main() -> int:
    from sklearn.model_selection import StratifiedKFold

    examples = training_examples(load_content())
    texts = np.array(tokenised([e.text for e in examples]), dtype=object)
    labels = np.array([e.intent for e in examples])
    splits = list(StratifiedKFold(FOLDS, shuffle=True, random_state=0).split(texts, labels))
    print(f"{len(texts)} training examples, {len(set(labels))} intents, {FOLDS} folds (same for all)\n")
    print(f"{'variant':<36} {'accuracy':>8} {'per fold':>30} {'seconds':>8}")
    for name, make in VARIANTS.items():
        started = time.perf_counter()
        scores = []
        for train, held_out in splits:
            model = make().fit(list(texts[train]), labels[train])
            scores.append(float((model.predict(list(texts[held_out])) == labels[held_out]).mean()))
        per_fold = " ".join(f"{s:.3f}" for s in scores)
        print(f"{name:<36} {np.mean(scores):>8.4f} {per_fold:>30} {time.perf_counter() - started:>8.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
