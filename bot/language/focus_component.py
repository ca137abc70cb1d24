"""A Rasa NLU component: in a long message, the question counts more than the story.

After the topic classifier and before the FallbackClassifier. For a message of
MIN_SENTENCES sentences or more it classifies the question sentences on their own
(bot/language/question_focus.py) with a small model of its own (TF-IDF over character and
word n-grams of the text as typed, a linear SVM with temperature-scaled probabilities,
trained on the same examples) and mixes that with the whole message's ranking:
confidence = (1 - weight) x whole + weight x question. Short messages pass untouched.
A message that asks two things gets the other one's topic as `also_asked` in the parse
result (and as an entity, which makes the footnote action run); the bot answers the main
question and offers the other as a button (actions/answer_footnotes.py). What the question sentences
ask on their own goes into the parse result as `question_topic`, for the unclear-message
action (actions/unclear_message.py: story and question agreeing settle an unsure reading). It reads
characters and words only, so it decides the same on every Dutch pipeline.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.pipeline import FeatureUnion

from bot.content.model import load_content
from bot.language.question_focus import (
    ALSO_ASKED,
    QUESTION_TOPIC,
    WALK_THROUGH_ROLE,
    question_sentences,
    separate_questions,
)
from bot.language.text_features import tfidf_features
from bot.language.tfidf_classifier import TemperatureScaledSvm
from bot.model_files import dump_model, load_trusted

MODEL_FILE = "question_focus.skops"
# Intents that only mean something about what came before ("wat kan ik doen?", "waar staat
# dat?", "kun je dat simpeler zeggen?", a short answer inside the walk-through). Read alone,
# the closing question of a long first message often looks like one of them, but there it
# asks about the story told just above it: the question sentence's guess for these intents
# is dropped, so it cannot tie with (and, through the FallbackClassifier's ambiguity check,
# cancel) what the whole message is about.
CONTEXT_ROLES = ("more_info", "source", "simpler", "age_follow_up", "own_action", "questionnaire_answer")
# Below this share of the question's guess left after dropping them, it says nothing more.
MIN_KEPT_MASS = 0.05
# Beyond skops' defaults: the two vectorisers and what they hold.
TRUSTED_TYPES = {
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.pipeline.FeatureUnion",
    "sklearn.svm._classes.LinearSVC",
    "numpy.float32",
    "numpy.int64",
    "builtins.str",
    "scipy.sparse._csr.csr_matrix",  # TF-IDF's idf diagonal
}


def features() -> FeatureUnion:
    return tfidf_features(chars=(2, 5), words=(1, 2), min_df=2)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class QuestionFocus(GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            # Share of the question sentences in the mixed confidence (docs/language.md).
            "weight": 0.4,
            # A second question's topic is offered from this probability on.
            "also_asked_min": 0.5,
            "C": 1.0,
            "temperature_folds": 5,
            "random_state": 7,
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        vectoriser: FeatureUnion | None = None,
        model: TemperatureScaledSvm | None = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._storage, self._resource = model_storage, resource
        self.vectoriser, self.model = vectoriser, model
        known = load_content()
        self.topics = {topic.intent for topic in known.topics}
        self.context_only = {known.intent_for(role).intent for role in CONTEXT_ROLES}
        self.walk_through = known.intent_for(WALK_THROUGH_ROLE).intent

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> QuestionFocus:
        return cls(config, model_storage, resource)

    def _new_model(self) -> TemperatureScaledSvm:
        return TemperatureScaledSvm(
            c=self.config["C"],
            max_iter=5000,
            folds=self.config["temperature_folds"],
            random_state=self.config["random_state"],
        )

    def train(self, training_data: TrainingData) -> Resource:
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        if examples:
            self.vectoriser = features()
            matrix = self.vectoriser.fit_transform([e.get(TEXT) for e in examples])
            self.model = self._new_model().fit(matrix, np.array([e.get(INTENT) for e in examples]))

            with self._storage.write_to(self._resource) as directory:
                stored = {
                    "vectoriser": self.vectoriser,
                    "svm": self.model.svm,
                    "temperature": self.model.temperature,
                }
                dump_model(stored, directory / MODEL_FILE)
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> QuestionFocus:
        component = cls(config, model_storage, resource)
        try:
            with model_storage.read_from(resource) as directory:
                stored = load_trusted(directory / MODEL_FILE, TRUSTED_TYPES)
        except ValueError as error:
            raise RuntimeError(f"Cannot load the question focus model: {error}") from error
        component.vectoriser = stored["vectoriser"]
        component.model = component._new_model()
        component.model.svm, component.model.temperature = stored["svm"], float(stored["temperature"])
        return component

    def focus(self, text: str) -> dict[str, float] | None:
        """The question sentences' own intent probabilities, or None for a short message."""
        asking = question_sentences(text)
        if not asking or self.vectoriser is None or self.model is None:
            return None
        row = self.model.predict_proba(self.vectoriser.transform([" ".join(asking)]))[0]
        found = {str(label): float(p) for label, p in zip(self.model.classes_, row, strict=True)}
        kept = {name: p for name, p in found.items() if name not in self.context_only}
        total = sum(kept.values())
        if total < MIN_KEPT_MASS:  # the question is only a follow-up phrase: the story decides
            return None
        return {name: p / total for name, p in kept.items()}

    def also_asked(self, text: str, main: str) -> dict[str, Any] | None:
        """The topic of another question in `text` than the one answered (`main`), when
        the message asks two things and that one is a confident topic of its own."""
        if main not in self.topics or self.vectoriser is None or self.model is None:
            return None
        questions = separate_questions(text)
        if not questions:
            return None
        table = self.model.predict_proba(self.vectoriser.transform(questions))
        for row in table:
            best = int(np.argmax(row))
            name = str(self.model.classes_[best])
            if name in self.topics and name != main and row[best] >= self.config["also_asked_min"]:
                return {"name": name, "confidence": round(float(row[best]), 4)}
        return None

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            # The walk-through ("Ik maak me zorgen") answers what a child does; a long story
            # that told that and is answered with a topic gets it as the other question.
            walk_through = self._refocus(message)
            main = (message.get(INTENT) or {}).get("name") or ""
            text = message.get(TEXT) or ""
            other = walk_through or self.also_asked(text, main)
            if other is not None:
                message.set(ALSO_ASKED, other, add_to_output=True)
                # As an entity too: it fills the slot `answer_footnote`, and only then does
                # the footnote action run after the answer (bot/content/build.py).
                entity = {
                    "entity": ALSO_ASKED,
                    "value": other["name"],
                    "start": 0,
                    "end": len(text),
                    "confidence_entity": other["confidence"],
                    "extractor": "QuestionFocus",
                }
                message.set(ENTITIES, [*(message.get(ENTITIES) or []), entity], add_to_output=True)
        return messages

    def _refocus(self, message: Message) -> dict[str, Any] | None:
        """A long message's ranking, with its question sentences weighed in (and their own best
        intent kept as `question_topic`). Returns the
        walk-through as the other question when the story alone pointed to it (it told what
        the child does) and a topic is answered."""
        weight = self.config["weight"]
        ranking = message.get(INTENT_RANKING_KEY) or []
        focused = self.focus(message.get(TEXT) or "") if ranking else None
        if focused is None:
            return None
        asked, share = max(focused.items(), key=lambda item: item[1])
        message.set(QUESTION_TOPIC, {"name": asked, "confidence": round(share, 4)}, add_to_output=True)
        whole = {r["name"]: r["confidence"] for r in ranking}
        mixed = {
            name: (1 - weight) * whole.get(name, 0.0) + weight * focused.get(name, 0.0)
            for name in {*whole, *focused}
        }
        ordered = sorted(mixed.items(), key=lambda item: -item[1])[: len(ranking)]
        new_ranking = [{"name": name, "confidence": confidence} for name, confidence in ordered]
        message.set(INTENT, new_ranking[0], add_to_output=True)
        message.set(INTENT_RANKING_KEY, new_ranking, add_to_output=True)
        told_behaviour = ranking[0]["name"] == self.walk_through
        if told_behaviour and new_ranking[0]["name"] in self.topics:
            return {"name": self.walk_through, "confidence": round(whole[self.walk_through], 4)}
        return None
