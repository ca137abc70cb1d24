"""The intent classifier's probabilities: temperature scaling of a linear SVM."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.sparse import csr_matrix

from bot.language.tfidf_classifier import TemperatureScaledSvm, fit_temperature


def _three_intents(noise: float, seed: int = 0):
    rng = np.random.default_rng(seed)
    centres = np.eye(3) * 3
    labels = np.repeat(np.array(["greet", "signals", "stop"]), 40)
    x = np.vstack([centres[i // 40] for i in range(120)]) + rng.normal(0, noise, (120, 3))
    return csr_matrix(x), labels


def test_probabilities_keep_the_svm_ranking_and_sum_to_one() -> None:
    x, y = _three_intents(noise=2.0)
    model = TemperatureScaledSvm(c=1.0, max_iter=5000, folds=5, random_state=42).fit(x, y)
    probabilities = model.predict_proba(x)
    assert np.allclose(probabilities.sum(axis=1), 1.0)
    assert (probabilities.argmax(axis=1) == model.decision_function(x).argmax(axis=1)).all()
    assert (model.predict(x) == model.classes_[probabilities.argmax(axis=1)]).all()
    assert list(model.classes_) == ["greet", "signals", "stop"]


# The muddled clusters overlap on purpose, so liblinear may stop before converging.
@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_clear_data_gets_confident_and_muddled_data_cautious_probabilities() -> None:
    clear = TemperatureScaledSvm(c=1.0, max_iter=5000, folds=5, random_state=42).fit(*_three_intents(0.3))
    muddled = TemperatureScaledSvm(c=1.0, max_iter=5000, folds=5, random_state=42).fit(*_three_intents(4.0))
    x, _ = _three_intents(0.3, seed=1)
    assert clear.predict_proba(x).max(axis=1).mean() > 0.9
    assert muddled.predict_proba(x).max(axis=1).mean() < clear.predict_proba(x).max(axis=1).mean()


def test_temperature_grows_with_how_well_the_scores_predict() -> None:
    labels = np.array([0, 1, 2] * 20)
    right = np.eye(3)[labels] * 2 - 1  # the right intent scores highest
    wrong = np.roll(right, 1, axis=1)  # another intent scores highest
    assert fit_temperature(right, labels) > 10
    assert fit_temperature(wrong, labels) < 0.1


def test_two_intents_work() -> None:
    x, y = _three_intents(noise=1.0)
    keep = y != "stop"
    model = TemperatureScaledSvm(c=1.0, max_iter=5000, folds=5, random_state=42).fit(x[keep], y[keep])
    assert model.predict_proba(x[keep]).shape == (80, 2)


def test_too_few_examples_to_hold_out_keeps_temperature_one() -> None:
    x, y = _three_intents(noise=1.0)
    pick = [0, 40, 80]  # one example per intent
    model = TemperatureScaledSvm(c=1.0, max_iter=5000, folds=5, random_state=42).fit(x[pick], y[pick])
    assert model.temperature == 1.0
