"""A Rasa NLU component: for a message no topic fits, the curated passages that answer it.

The index is built at training time from the content's passages (bot/content/passages.py:
a few sentences of a topic's answer or detail, with their sources), TF-IDF over word and
character n-grams of the text as typed (the same on every Dutch pipeline). Only when the
FallbackClassifier found no confident topic (intent nlu_fallback) does it look: the best
passages, with their cosine similarity, go into the parse result as `passages`; the
unclear-message action answers with the best one when it is clearly best, else asks which
topic was meant. A precise question (an author, a year, a guideline, a named source or
instrument: PRECISE_QUESTION) that the classifier gives a topic is answered from a passage
too, when one fits well; so is a question that one passage of the topic's precise layer fits
clearly better than its short answer. Retrieval only: never generated text.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.pipeline import FeatureUnion

from bot.content.model import load_content
from bot.content.passages import FOR_LITERATURE, FOR_TOPIC, fingerprint, passages, searchable
from bot.language.text_features import tfidf_features
from bot.model_files import dump_model, load_trusted

PASSAGES = "passages"  # the key in the parse result
FALLBACK_INTENT = "nlu_fallback"
# A precise question (an author, a year or number, a guideline, a named source or
# instrument) is answered from a passage even when a topic fits: the topic's short
# answer rarely holds the detail asked for.
PRECISE_QUESTION = re.compile(
    r"\b(?:richtlijn\w*|domeinen|gebieden|procent|percentage|instrument\w*|vragenlijst\w*|databank|"
    r"nji|kennisplein|bijzonder jeugdwerk|definitie\w*|genoemd|noemt|somt|"
    r"volgens (?:de|het|die|dat|deze|welke)|"
    # a number asked for: how many, how long, from which age, which phone number
    r"hoeveel|hoe lang|vanaf welke|welke leeftijd\w*|leeftijdsgroep|telefoonnummer|nummer)\b|%",
    re.IGNORECASE,
)
# A question for the evidence itself: who wrote it, which study or source says so. Only a
# detail passage names the topic's literature, so only those answer it.
LITERATURE_QUESTION = re.compile(
    r"\b(?:auteurs?|geschreven door|bron(?:nen)?|referenties?|studies?|onderzoek\w*|meta-?analy\w*|"
    r"publicatie\w*|literatuur|et al|(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
INDEX_FILE = "passages.skops"
TRUSTED_TYPES = {
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.pipeline.FeatureUnion",
    "scipy.sparse._csr.csr_matrix",
    "numpy.float32",
    "numpy.int64",
    "builtins.str",
    "builtins.bool",
}


def vectoriser() -> FeatureUnion:
    return tfidf_features(chars=(3, 5), words=(1, 2), min_word_chars=2)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class PassageRetriever(GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "top": 3,
            # A precise question takes a passage of another topic from this similarity on,
            "precise_min_score": 0.3,
            # and one of its own topic from this one: that passage is about what the
            # classifier recognised, and holds the detail the short answer leaves out.
            "precise_topic_min_score": 0.15,
            # Without such words, a question one detail passage of the recognised topic fits
            # from this similarity on, and by this margin better than its short answer, gets
            # that passage: the short answer does not hold what was asked. Chosen on the two
            # development sets (docs/language.md): professionals +6 of 320, parents -1 of 620.
            "specific_min_score": 0.2,
            "specific_margin": 0.05,
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        index: dict[str, Any] | None = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._storage, self._resource = model_storage, resource
        self.index = index
        self._rows_by_topic: dict[str, list[int]] | None = None  # built from the index on first use
        known = load_content()
        self.topics = {topic.intent for topic in known.topics}
        self.source_intent = known.intent_for("source").intent
        self.detail_keys = {p.key for p in passages(known) if p.detail}

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        # Part of Rasa's cache key: editing a topic's text or this index's code rebuilds it.
        code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
        return f"{fingerprint(load_content())}:{code}"

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> PassageRetriever:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:

        found = passages(load_content())
        features = vectoriser()
        matrix = features.fit_transform([searchable(p) for p in found])
        self.index = {
            "vectoriser": features,
            "matrix": matrix,
            "keys": [p.key for p in found],
            "with_literature": [bool(p.literature) for p in found],
        }
        with self._storage.write_to(self._resource) as directory:
            dump_model(self.index, directory / INDEX_FILE)
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> PassageRetriever:
        try:
            with model_storage.read_from(resource) as directory:
                index = load_trusted(directory / INDEX_FILE, TRUSTED_TYPES)
        except ValueError as error:
            raise RuntimeError(f"Cannot load the passage index: {error}") from error
        return cls(config, model_storage, resource, index)

    def scores(self, text: str) -> np.ndarray:
        """The cosine similarity of `text` with every passage (index order)."""
        if self.index is None or not text.strip():
            return np.zeros(0)
        scores = (self.index["matrix"] @ self.index["vectoriser"].transform([text]).T).toarray().ravel()
        # Two blocks (words, characters), each L2-normalised: halve to get a cosine in 0..1.
        return scores / 2

    def search(self, text: str, literature_only: bool = False) -> list[dict[str, Any]]:
        """The best passages for `text`: key and cosine similarity, best first; with
        `literature_only`, only passages that name literature (for "which study says X?")."""
        scores = self.scores(text)
        if literature_only and scores.size:
            assert self.index is not None
            scores = np.where(np.array(self.index["with_literature"], dtype=bool), scores, 0.0)
        best = np.argsort(-scores)[: self.config["top"]]
        found = [self._found(i, scores) for i in best]
        return [{**f, FOR_LITERATURE: True} for f in found] if literature_only else found

    def _found(self, i: int, scores: np.ndarray) -> dict[str, Any]:
        assert self.index is not None
        return {"key": self.index["keys"][i], "score": round(float(scores[i]), 4)}

    def _rows_of(self, topic: str) -> list[int]:
        """The index rows of `topic`'s passages."""
        assert self.index is not None
        if self._rows_by_topic is None:
            self._rows_by_topic = {}
            for i, key in enumerate(self.index["keys"]):
                self._rows_by_topic.setdefault(key.split("#")[0], []).append(i)
        return self._rows_by_topic.get(topic, [])

    def precise_answer(self, scores: np.ndarray, topic: str, literature: bool) -> dict[str, Any] | None:
        """For a precise question about `topic`: its own best passage when that fits well
        enough (a detail passage, which names the literature, when `literature` is asked
        for), else the best passage of any topic when that fits well, else nothing."""
        assert self.index is not None
        own = [i for i in self._rows_of(topic) if not literature or self.index["with_literature"][i]]
        if own:
            best_own = max(own, key=lambda i: scores[i])
            # Who wrote it or which study says so, about a topic the classifier recognised:
            # only the topic's passages that name its literature can answer, so the best of
            # them does even when the question shares few words with it ("welke studie
            # wordt aangehaald voor ...").
            if literature or scores[best_own] >= self.config["precise_topic_min_score"]:
                return self._found(best_own, scores)
        best = int(np.argmax(scores))
        return self._found(best, scores) if scores[best] >= self.config["precise_min_score"] else None

    def specific_detail(self, scores: np.ndarray, topic: str) -> dict[str, Any] | None:
        """A question about `topic` that one passage of its precise layer answers much better
        than any passage of its short answer: that passage (else nothing)."""
        assert self.index is not None
        own = self._rows_of(topic)
        detail = [i for i in own if self.index["keys"][i] in self.detail_keys]
        if not detail:
            return None
        best_detail = max(detail, key=lambda i: scores[i])
        best_short = max((scores[i] for i in own if i not in detail), default=0.0)
        if (
            scores[best_detail] >= self.config["specific_min_score"]
            and scores[best_detail] - best_short >= self.config["specific_margin"]
        ):
            return self._found(best_detail, scores)
        return None

    def next_of_topic(self, scores: np.ndarray, best: dict[str, Any]) -> list[dict[str, Any]]:
        """The best other passage of `best`'s topic, for an answer that spans two passages."""
        assert self.index is not None
        others = [i for i in self._rows_of(best["key"].split("#")[0]) if self.index["keys"][i] != best["key"]]
        return [self._found(max(others, key=lambda i: scores[i]), scores)] if others else []

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            intent = (message.get(INTENT) or {}).get("name")
            if intent == FALLBACK_INTENT:
                # "Referentie voor X?" that no topic fits: only a passage that names its
                # literature can answer it, and the action's lower bar for those holds.
                literature = bool(LITERATURE_QUESTION.search(text))
                message.set(PASSAGES, self.search(text, literature_only=literature), add_to_output=True)
            elif intent == self.source_intent and LITERATURE_QUESTION.search(text):
                # "Welke studie onderbouwt dat X?": a follow-up about the topic just answered,
                # or, as a first question, about X itself. Only the action knows which (the
                # conversation's last topic), so the passages go along and the intent stays.
                # Only a passage that names its literature can answer it.
                message.set(PASSAGES, self.search(text, literature_only=True), add_to_output=True)
            elif intent in self.topics:
                scores = self.scores(text)  # once: the answer and its companion read them
                if not scores.size:
                    continue
                literature = bool(LITERATURE_QUESTION.search(text))
                if literature or PRECISE_QUESTION.search(text):
                    answer = self.precise_answer(scores, intent, literature)
                else:
                    answer = self.specific_detail(scores, intent)
                if answer is not None:
                    # Answered by the unclear-message action from this passage (and the topic's
                    # next best, which it adds when that fits nearly as well); the ranking
                    # stays, so the topic is still offered as a button.
                    # `for_topic` tells the action that the recognised topic backs this
                    # passage, so its lower bar for such a passage holds there too.
                    answer = {**answer, FOR_TOPIC: intent}
                    message.set(INTENT, {"name": FALLBACK_INTENT, "confidence": answer["score"]}, True)
                    message.set(PASSAGES, [answer, *self.next_of_topic(scores, answer)], add_to_output=True)
        return messages
