"""The risk model's wrapper: the same probabilities as scikit-learn's, without per-call copies."""

from __future__ import annotations

import numpy as np

from bot.safety.risk_model import NONE, RiskModel, build_pipeline

TEXTS = [
    "mijn kind huilt veel als ik wegga",
    "hoe hecht een baby aan de oppas",
    "mijn man slaat mij en de kinderen",
    "ik wil niet meer leven",
    "hij slaat de bal over het hek",
    "ze wil dood van schaamte lol",
] * 3
LABELS = [NONE, NONE, "abuse", "suicide_adult", NONE, NONE] * 3


def test_weights_are_stored_so_that_scoring_copies_nothing_and_gives_the_same_odds() -> None:
    pipeline = build_pipeline(c=10.0).fit(TEXTS, LABELS)
    expected = pipeline.predict_proba(TEXTS)
    model = RiskModel(pipeline)
    classifier = pipeline.named_steps["classifier"]
    # the product with coef_.T reads a C-contiguous array: no copy of the weights per message
    assert classifier.coef_.T.flags["C_CONTIGUOUS"]
    assert np.array_equal(model.probabilities(TEXTS), expected)
    assert model.score(["mijn man slaat mij"]).category == "abuse"
