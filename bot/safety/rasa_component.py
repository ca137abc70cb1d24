"""The safety net inside Rasa's NLU pipeline, after the intent classifiers.

- A clear danger pattern forces the intent `safety_disclosure` (confidence 1.0), so
  detection never depends on the classifier alone; the classifier's own ranking is
  kept below it.
- Every `safety_disclosure` (forced or classified) gets a `danger_category` entity
  that picks the help line (actions/safety.py).
- Without a pattern, the classifier's `safety_disclosure` (also when it is unsure and
  only leans that way) counts when the message has a danger cue or the classifier is
  confident, and not when it is an everyday idiom ("hij slaat de bal"): the trained
  intent adds recall, the cues keep its false alarms down.
- An ordinary message that mentions such a subject gets a `danger_term` entity, so
  the answer can add one calm help-line line.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import SPACY_DOCS
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.safety.detector import SafetyDetector

logger = logging.getLogger(__name__)

SAFETY_INTENT = "safety_disclosure"
FALLBACK_INTENT = "nlu_fallback"


def _entity(name: str, value: str, text: str) -> Dict[str, Any]:
    return {"entity": name, "value": value, "start": 0, "end": len(text),
            "confidence_entity": 1.0, "extractor": "SafetyNet"}


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class SafetyNet(GraphComponent):
    def __init__(self, config: Dict[Text, Any]) -> None:
        self._config = {**self.get_default_config(), **config}
        self._detector = SafetyDetector()

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            # The classifier alone (no pattern, no danger cue) must be at least this sure.
            "classifier_alone_confidence": 0.7,
            # Not the classifier's first choice, but at least this likely and a danger cue
            # in the message ("knijpen", "opgesloten"): a second guess that still counts.
            # Chosen by cross-validation on the training data (docs/safety.md).
            "second_guess_confidence": 0.15,
            # When a doubtful safety guess is dropped, the next intent needs this much,
            # else the message becomes nlu_fallback (keep equal to the FallbackClassifier).
            "fallback_threshold": 0.3,
        }

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "SafetyNet":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._process_one(message)
        return messages

    def _process_one(self, message: Message) -> None:
        doc = message.get(SPACY_DOCS[TEXT])
        text = message.get(TEXT) or ""
        if doc is None or not text.strip():
            return
        detection = self._detector.detect(doc)
        intent = (message.get(INTENT) or {}).get("name")
        ranking: List[Dict[str, Any]] = list(message.get(INTENT_RANKING_KEY) or [])
        if detection:
            logger.info("Safety pattern '%s' (%s) matched", detection.category, detection.matched)
            self._force_safety(message, ranking)
            category: Optional[str] = self._detector.categorize(doc, detection.category)
        elif (intent == SAFETY_INTENT or self._leans_to_safety(intent, ranking)
              or self._second_guess(doc, ranking)):
            category = self._detector.categorize(doc)
            doubtful = (not self._detector.has_danger_cue(doc)
                        and self._safety_confidence(ranking) < self._config["classifier_alone_confidence"])
            if self._detector.is_harmless(doc) or doubtful:
                self._drop_safety(message, ranking)
                category = None
            else:
                self._force_safety(message, ranking, confidence=None)
        else:
            category = None
        entities = list(message.get(ENTITIES) or [])
        if category:
            entities.append(_entity("danger_category", category, text))
        else:
            term = self._detector.mentioned_term(doc)
            if term:
                entities.append(_entity("danger_term", term, text))
        message.set(ENTITIES, entities, add_to_output=True)

    @staticmethod
    def _safety_confidence(ranking: List[Dict[str, Any]]) -> float:
        return next((r.get("confidence", 0.0) for r in ranking if r.get("name") == SAFETY_INTENT), 0.0)

    def _second_guess(self, doc: Any, ranking: List[Dict[str, Any]]) -> bool:
        return (self._safety_confidence(ranking) >= self._config["second_guess_confidence"]
                and self._detector.has_danger_cue(doc))

    @staticmethod
    def _leans_to_safety(intent: Optional[str], ranking: List[Dict[str, Any]]) -> bool:
        real = [r for r in ranking if r.get("name") != FALLBACK_INTENT]
        return intent == FALLBACK_INTENT and bool(real) and real[0].get("name") == SAFETY_INTENT

    def _drop_safety(self, message: Message, ranking: List[Dict[str, Any]]) -> None:
        rest = [r for r in ranking if r.get("name") not in (SAFETY_INTENT, FALLBACK_INTENT)]
        if rest and rest[0].get("confidence", 0.0) >= self._config["fallback_threshold"]:
            top = rest[0]
        else:
            top = {"name": FALLBACK_INTENT, "confidence": self._config["fallback_threshold"]}
        message.set(INTENT, top, add_to_output=True)
        message.set(INTENT_RANKING_KEY, ([top] if top not in rest else []) + rest, add_to_output=True)

    @staticmethod
    def _force_safety(
        message: Message, ranking: List[Dict[str, Any]], confidence: Optional[float] = 1.0
    ) -> None:
        previous = next((r for r in ranking if r.get("name") == SAFETY_INTENT), None)
        score = confidence if confidence is not None else (previous or {}).get("confidence", 1.0)
        top = {"name": SAFETY_INTENT, "confidence": score}
        rest = [r for r in ranking if r.get("name") not in (SAFETY_INTENT, FALLBACK_INTENT)]
        message.set(INTENT, top, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [top] + rest, add_to_output=True)
