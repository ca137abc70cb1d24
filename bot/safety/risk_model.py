"""The safety net's risk model: is someone in danger, and which help line fits?

A classifier of its own, separate from the topic classifier, trained on the risk corpus
(data/safety/, ~1,700 disclosures in many voices and ~1,800 hard negatives) plus the
topic training examples as ordinary messages. It reads only the raw characters and
words of a text (lower-cased, accents folded): no spaCy lemmas or parses, so its
decisions are the same whichever Dutch pipeline is loaded.

It scores reading units (bot/language/sentences.py) and keeps the strongest risk, so a
disclosure in one sentence of a long story counts fully. Model and thresholds were
chosen by cross-validation on the training corpus only (benchmarks/risk_model_cv.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from bot.language.sentences import sentences
from bot.language.text import fold

NONE = "none"
# Reply categories (bot/content/safety.yml has one reply for each).
RISK_CATEGORIES = (
    "acute",
    "abuse",
    "suicide_adult",
    "suicide_teen",
    "child_self",
    "harm_urge",
    "harm_happened",
)
LABELS = (NONE, *RISK_CATEGORIES)


def normalise(text: str) -> str:
    """Lower case, accents folded ("suïcide" = "suicide"), whitespace collapsed: what the
    patterns and cues read (detector.py), and the start of what the model reads."""
    return " ".join(fold(text).split())


_SMALL_NUMBER = re.compile(r"\b\d{1,2}\b")


def model_view(text: str) -> str:
    """What the model reads: `normalise`, with every one- or two-digit number made "0". Ages
    and counts ("ik ben 13", "3 keer") then share one feature: a stated age used to be a risk
    word in itself (children's disclosures state their age more often than their everyday
    questions do), and raised false alarms on children. The writer's age still decides, as
    the precedence table's child rows (decision.py), read from the text as typed. Trained
    models name this function as their preprocessor, so it keeps its place."""
    return _SMALL_NUMBER.sub("0", normalise(text))


def build_pipeline(c: float = 30.0) -> Pipeline:
    features = FeatureUnion(
        [
            # Character n-grams carry typos, slang and compounds. They run across word
            # boundaries, so a short phrase ("wil er niet meer zijn") shows in its grams even
            # when split or misspelt. Within words only ("char_wb"), the model gave 113 to
            # parents planning a day out with the children. On the development sets, at the
            # same false alarms on the safety sets, this cuts parents' first turns with a
            # crisis reply by about a third; training takes longer (docs/safety.md, "Round 29").
            (
                "chars",
                TfidfVectorizer(
                    analyzer="char",
                    ngram_range=(2, 5),
                    sublinear_tf=True,
                    min_df=2,
                    preprocessor=model_view,
                    dtype=np.float32,
                ),
            ),
            (
                "words",
                TfidfVectorizer(
                    analyzer="word",
                    ngram_range=(1, 2),
                    sublinear_tf=True,
                    token_pattern=r"(?u)\b\w+\b",
                    preprocessor=model_view,
                    dtype=np.float32,
                ),
            ),
        ]
    )
    classifier = LogisticRegression(C=c, class_weight="balanced", max_iter=3000)
    return Pipeline([("features", features), ("classifier", classifier)])


def with_ordinary_sentences(texts: Sequence[str], labels: Sequence[str]) -> tuple[list[str], list[str]]:
    """The training data plus every sentence of each ordinary multi-sentence message, as
    ordinary. The bot scores single sentences too (reading units); without this, a plain
    fragment of a long story ("Hij is twee.") is a shape the model never saw as harmless.
    (A disclosure's own sentences cannot be labelled this way: most of them are harmless.)"""
    out_texts, out_labels = list(texts), list(labels)
    for text, label in zip(texts, labels, strict=True):
        if label == NONE:
            parts = sentences(text)
            if len(parts) > 1:
                out_texts += parts
                out_labels += [NONE] * len(parts)
    return out_texts, out_labels


@dataclass(frozen=True)
class RiskScore:
    """The strongest risk found in a message."""

    risk: float  # 1 - P(none) of the riskiest unit
    category: str  # the most likely risk category in that unit
    unit: str  # the reading unit it came from (for logs of the decision, never stored)
    probabilities: dict[str, float]


NO_RISK = RiskScore(0.0, NONE, "", {})


class RiskModel:
    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline
        self._labels: list[str] = list(pipeline.classes_)
        # predict_proba multiplies the features by coef_.T. The solver leaves coef_ in C order,
        # so that transpose is not C-contiguous and scipy copies all the weights (8 x ~200,000)
        # on every call: 1.5 of the 3.8 ms a message took. In Fortran order the transpose is
        # C-contiguous: the same numbers, no copy (docs/latency-history.md).
        classifier = pipeline.named_steps["classifier"]
        classifier.coef_ = np.asfortranarray(classifier.coef_)

    @classmethod
    def train(cls, texts: Sequence[str], labels: Sequence[str], c: float = 30.0) -> RiskModel:
        unknown = set(labels) - set(LABELS)
        if unknown:
            raise ValueError(f"Unknown risk labels: {sorted(unknown)}")
        texts, labels = with_ordinary_sentences(texts, labels)
        pipeline = build_pipeline(c)
        pipeline.fit(texts, labels)
        return cls(pipeline)

    def probabilities(self, units: Sequence[str]) -> np.ndarray:
        """One row per unit, one column per label in `self.labels`."""
        return self.pipeline.predict_proba(list(units))

    @property
    def labels(self) -> list[str]:
        return self._labels

    def score(self, units: Sequence[str]) -> RiskScore:
        if not units:
            return NO_RISK
        table = self.probabilities(units)
        none_column = self._labels.index(NONE)
        risk = 1.0 - table[:, none_column]
        riskiest = int(np.argmax(risk))
        row = table[riskiest]
        ranked = sorted(
            ((label, float(row[i])) for i, label in enumerate(self._labels) if label != NONE),
            key=lambda item: -item[1],
        )
        return RiskScore(
            float(risk[riskiest]),
            ranked[0][0],
            units[riskiest],
            {label: float(p) for label, p in zip(self._labels, row, strict=True)},
        )
