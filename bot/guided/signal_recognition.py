"""Which of the walk-through's signals a parent's description of their child resembles.

Keywords (worry.yml `keywords:`) catch the words people use for a signal ("claimt",
"spijbelt"). Most parents describe the behaviour instead ("ze belt me vijf keer als ik
bij de buren ben"), so a small classifier learns each signal from its `examples:` in
worry.yml, and "no signal" from the out-of-scope examples (a child's sleep, food, body,
school work: everyday things that are no attachment signal). It reads the text as typed
(TF-IDF on characters and words), nothing from the loaded Dutch pipeline, and is trained
once per content, in the action server (about two seconds).

The signals overlap (a clingy child is often afraid to be left), so only a confident
guess names a signal: the threshold was chosen by cross-validation on the examples
(`make signal-cv`, docs/language.md) for few wrong signals first. Below it the parent
gets the general reply, which is never wrong.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from bot.content.model import Content, Signal, once_per_content
from bot.guided.reading import find_signals
from bot.language.text_features import tfidf_features

NO_SIGNAL = "none"
# The intent whose examples are everyday things about children that are no signal.
EVERYDAY_INTENT = "out_of_scope"
# A guess names a signal from this probability on (make signal-cv).
MIN_PROBABILITY = 0.35


def training_data(content: Content) -> tuple[list[str], list[str]]:
    """Each signal's examples labelled with its id, and the everyday questions as "none"."""
    texts: list[str] = []
    labels: list[str] = []
    for signal in content.worry.signals:
        texts += signal.examples
        labels += [signal.id] * len(signal.examples)
    everyday = content.intent_for(EVERYDAY_INTENT).examples
    return texts + list(everyday), labels + [NO_SIGNAL] * len(everyday)


def build_pipeline() -> Pipeline:
    return Pipeline(
        [
            ("features", tfidf_features(chars=(2, 5), words=(1, 2))),
            ("classifier", LogisticRegression(C=30.0, max_iter=3000)),
        ]
    )


class SignalRecogniser:
    def __init__(self, pipeline: Pipeline, catalogue: Sequence[Signal], threshold: float) -> None:
        self.pipeline = pipeline
        self.catalogue = list(catalogue)
        self.threshold = threshold
        self._labels = list(pipeline.classes_)

    @classmethod
    def train(cls, content: Content, threshold: float = MIN_PROBABILITY) -> SignalRecogniser:
        texts, labels = training_data(content)
        pipeline = build_pipeline().fit(texts, labels)
        return cls(pipeline, content.worry.signals, threshold)

    def guess(self, text: str) -> tuple[str, float]:
        """The most likely label (a signal id or "none") and its probability."""
        row = self.pipeline.predict_proba([text])[0]
        best = int(np.argmax(row))
        return self._labels[best], float(row[best])

    def recognise(self, text: str) -> list[str]:
        """Signal ids: those its keywords name, else the classifier's confident guess."""
        named = find_signals(text, self.catalogue, by_number=False)
        if named:
            return named
        label, probability = self.guess(text)
        return [label] if label != NO_SIGNAL and probability >= self.threshold else []


@once_per_content
def _recogniser_for(content: Content) -> SignalRecogniser:
    return SignalRecogniser.train(content)


def prepare_recogniser(content: Content) -> None:
    """Trains the recogniser for `content` now (about 10 s on the test machine), so that no
    message waits for it: the action server calls this when it starts."""
    _recogniser_for(content)


def recognise_signals(text: str, content: Content) -> list[str]:
    """The signals a description names or resembles (trained once per content)."""
    return _recogniser_for(content).recognise(text)
