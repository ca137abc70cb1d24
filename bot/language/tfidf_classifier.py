"""A linear intent classifier over TF-IDF-weighted sparse features, as a Rasa component.

Why not DIET: on our held-out NLU set a linear SVM over TF-IDF-weighted character and
word n-grams beat DIET by six to eleven points at every training-set size we compared,
and trains in a minute instead of five or six (`make benchmark`; the table and the
current figures are in docs/language.md).

It is Rasa's own LogisticRegressionClassifier with two changes: sklearn's
TfidfTransformer (sublinear tf, idf, L2 norm) applied to each CountVectorsFeaturizer's
block of features separately (so words and character n-grams weigh alike), and one
LinearSVC on all training data instead of a logistic regression. Its decision values
become probabilities by temperature scaling (a softmax with one temperature fitted on
out-of-fold decision values), so the FallbackClassifier gets calibrated confidences
while the ranking stays the SVM's own. In cross-validation on the training data this
beat Platt scaling over averaged fold SVMs (docs/language.md).
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.optimize import minimize_scalar
from scipy.sparse import csr_matrix, hstack, vstack
from scipy.special import log_softmax, softmax
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.svm import LinearSVC

from bot.model_files import dump_model, load_trusted

logger = logging.getLogger(__name__)
# Beyond skops' default trusted types, the model file may hold only these.
EXTRA_TRUSTED_TYPES = {
    "scipy.sparse._csr.csr_matrix",  # TF-IDF's idf diagonal
}


def fit_temperature(decisions: np.ndarray, label_indices: np.ndarray) -> float:
    """The temperature t for which softmax(t * decisions) best predicts the labels
    (lowest cross-entropy); one number, so it cannot reorder the intents."""
    rows = np.arange(len(label_indices))

    def cross_entropy(log_t: float) -> float:
        return float(-log_softmax(np.exp(log_t) * decisions, axis=1)[rows, label_indices].mean())

    return float(np.exp(minimize_scalar(cross_entropy, bounds=(-3.0, 5.0), method="bounded").x))


class TemperatureScaledSvm:
    """A LinearSVC with probabilities from temperature scaling (sklearn's interface)."""

    def __init__(self, c: float, max_iter: int, folds: int, random_state: Any = None) -> None:
        self.c, self.max_iter, self.folds, self.random_state = c, max_iter, folds, random_state
        self.svm = self._new_svm()
        self.temperature = 1.0

    def _new_svm(self) -> LinearSVC:
        return LinearSVC(C=self.c, max_iter=self.max_iter, random_state=self.random_state)

    @property
    def classes_(self) -> np.ndarray:
        return self.svm.classes_

    @staticmethod
    def _one_column_per_class(decisions: np.ndarray) -> np.ndarray:
        # Two intents give one column (the second's score); the softmax needs both.
        return np.column_stack([-decisions, decisions]) if decisions.ndim == 1 else decisions

    def decision_function(self, X: csr_matrix) -> np.ndarray:  # noqa: N803 - sklearn's API name
        return self._one_column_per_class(self.svm.decision_function(X))

    def fit(self, X: csr_matrix, y: np.ndarray) -> TemperatureScaledSvm:  # noqa: N803 - sklearn's API name
        self.svm = self._new_svm().fit(X, y)
        folds = min(self.folds, int(np.unique(y, return_counts=True)[1].min()))
        if folds >= 2:  # else too few examples per intent to hold some out
            splits = StratifiedKFold(folds, shuffle=True, random_state=self.random_state)
            decisions = self._one_column_per_class(
                cross_val_predict(self._new_svm(), X, y, cv=splits, method="decision_function")
            )
            self.temperature = fit_temperature(decisions, np.searchsorted(self.classes_, y))
        return self

    def predict_proba(self, X: csr_matrix) -> np.ndarray:  # noqa: N803 - sklearn's API name
        return softmax(self.temperature * self.decision_function(X), axis=1)

    def predict(self, X: csr_matrix) -> np.ndarray:  # noqa: N803 - sklearn's API name
        return self.classes_[self.decision_function(X).argmax(axis=1)]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class TfidfLinearSvmClassifier(LogisticRegressionClassifier):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            **LogisticRegressionClassifier.get_default_config(),
            "C": 1.0,
            "max_iter": 5000,
            "sublinear_tf": True,
            # Folds whose held-out decision values fit the temperature.
            "temperature_folds": 5,
            # featurizer alias (its `alias:` in config.yml) -> weight of its block; others weigh 1.
            # Each block has unit length, so one feature of a small block (the factor
            # regexes) would otherwise weigh as much as all of a message's words.
            "block_weights": {},
        }

    def __init__(
        self, config: dict[str, Any], name: str, model_storage: ModelStorage, resource: Resource
    ) -> None:
        super().__init__(config, name, model_storage, resource)
        self.tfidf: dict[str, TfidfTransformer] = {}  # featurizer name -> its weighting
        self.clf = TemperatureScaledSvm(
            c=self.config["C"],
            max_iter=self.config["max_iter"],
            folds=self.config["temperature_folds"],
            random_state=self.config["random_state"],
        )

    @staticmethod
    def _featurizers(messages: list[Message]) -> list[str]:
        return sorted(
            {
                f.origin
                for m in messages
                for f in m.features
                if f.attribute == TEXT and f.is_sparse() and f.type == FEATURE_TYPE_SENTENCE
            }
        )

    @staticmethod
    def _counts(messages: list[Message], featurizer: str, width: int = 0) -> csr_matrix:
        rows = [m.get_sparse_features(attribute=TEXT, featurizers=[featurizer])[1] for m in messages]
        # A blank message has no features: an empty row lets it reach the fallback.
        return vstack(
            [csr_matrix(row.features) if row is not None else csr_matrix((1, width)) for row in rows]
        ).tocsr()

    def _create_X(self, messages: list[Message]) -> csr_matrix:  # noqa: N802 - overrides Rasa's method
        weights = self.config["block_weights"]
        blocks = [
            tfidf.transform(self._counts(messages, name, len(tfidf.idf_))) * weights.get(name, 1.0)
            for name, tfidf in self.tfidf.items()
        ]
        return hstack(blocks).tocsr()

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get("intent") and e.get("text")]
        if not examples:
            return self._resource
        self.tfidf = {
            name: TfidfTransformer(sublinear_tf=self.config["sublinear_tf"]).fit(self._counts(examples, name))
            for name in self._featurizers(examples)
        }
        # An array, not a list: sklearn 1.1's fold-size check compares `y == label`.
        labels = np.array([e.get("intent") for e in examples])
        self.clf.fit(self._create_X(examples), labels)
        self.persist()
        return self._resource

    def persist(self) -> None:

        with self._model_storage.write_to(self._resource) as model_dir:
            dump_model(
                {"tfidf": self.tfidf, "svm": self.clf.svm, "temperature": self.clf.temperature},
                model_dir / f"{self._resource.name}.skops",
            )

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> TfidfLinearSvmClassifier:
        component = cls(config, execution_context.node_name, model_storage, resource)
        try:
            with model_storage.read_from(resource) as model_dir:
                stored = load_trusted(model_dir / f"{resource.name}.skops", EXTRA_TRUSTED_TYPES)
        except ValueError as error:
            # An untrained classifier would answer everything wrongly: fail loudly.
            raise RuntimeError(f"Cannot load the intent classifier: {error}") from error
        component.tfidf = stored["tfidf"]
        component.clf.svm, component.clf.temperature = stored["svm"], float(stored["temperature"])
        return component
