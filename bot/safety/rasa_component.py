"""The safety net inside Rasa's NLU pipeline, after the topic classifiers.

It reads every message as reading units (bot/language/sentences.py), runs the
unambiguous patterns (detector.py) and its own risk model (risk_model.py) on them, and
applies the precedence table of decision.py:
- crisis: the intent becomes `safety_disclosure` and the entity `danger_category` names
  the reply; rules (data/safety_rules.yml) answer with that category's domain response,
  so the help line never depends on the action server;
- check-in: the topic answer stays, and the entity `risk_checkin` adds one calm line with
  the fitting number (action_answer_footnotes);
- none: nothing changes, except that a `safety_disclosure` guess of the topic classifier
  that the risk model does not back becomes a check-in under the next topic.

The risk model is trained with `rasa train` on data/safety/*.txt plus the topic training
examples as ordinary messages; its fingerprint includes the corpus, so editing the corpus
retrains it.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

import bot.language.sentences as sentences_module
import bot.safety.risk_model as risk_model_module
from bot.content.model import content
from bot.language.sentences import reading_units, sentences
from bot.model_files import dump_model, load_trusted
from bot.safety import corpus, registry
from bot.safety.decision import (
    CHECKIN,
    CRISIS,
    LONG_MESSAGE_SENTENCES,
    Evidence,
    SafetyDecision,
    Thresholds,
    decide,
)
from bot.safety.detector import SafetyDetector, normalised
from bot.safety.risk_model import NO_RISK, NONE, RiskModel

logger = logging.getLogger(__name__)

# The intent of a disclosure, by its role in the content files (bot/content/model.py ROLES).
SAFETY_INTENT = content().intent_for("safety").intent
FALLBACK_INTENT = "nlu_fallback"
# Beyond skops' default trusted types, the stored risk model may hold only these.
TRUSTED_TYPES = {
    "bot.safety.risk_model.model_view",
    "scipy.sparse._csr.csr_matrix",
    "numpy.float32",
}


# The second help line of a crisis reply (a conditional variation of the offer under it).
SECOND_LINE_ENTITY = "danger_also"
NO_SECOND_LINE = "none"


def _entity(name: str, value: str, text: str) -> dict[str, Any]:
    return {
        "entity": name,
        "value": value,
        "start": 0,
        "end": len(text),
        "confidence_entity": 1.0,
        "extractor": "SafetyNet",
    }


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class SafetyNet(GraphComponent):
    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: RiskModel | None = None,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._storage, self._resource = model_storage, resource
        self._detector = SafetyDetector()
        self._model = model
        self._thresholds = Thresholds(
            self._config["crisis_threshold"],
            self._config["checkin_threshold"],
            self._config["child_crisis_threshold"],
            self._config["long_crisis_threshold"],
            self._config["second_line_ratio"],
        )

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            # Risk (1 - P(none)) of the riskiest reading unit. Chosen by cross-validation on
            # the risk corpus, recall first (benchmarks/risk_model_cv.py, docs/safety.md).
            "crisis_threshold": 0.8,
            "checkin_threshold": 0.2,
            # A child who writes about a risk gets the children's crisis reply from this risk
            # on; below it, a check-in line with De Kindertelefoon (docs/safety.md, row 3).
            "child_crisis_threshold": 0.2,
            # A message of LONG_MESSAGE_SENTENCES or more sentences needs this much (None: the
            # crisis threshold): its riskiest unit is the best of many (decision.py, row 2).
            "long_crisis_threshold": None,
            # A crisis reply also names the help line of a second category at least this
            # likely relative to the first (decision.py; None: one line only).
            "second_line_ratio": None,
            # Regularisation of the risk model's logistic regression (same benchmark).
            "C": 30.0,
            # When a classifier's safety guess is not backed, the next topic needs this much,
            # else the message becomes nlu_fallback (keep equal to the FallbackClassifier).
            "fallback_threshold": 0.3,
            # Both layers on; the ablation benchmark switches one off (docs/safety.md).
            "use_patterns": True,
            "use_model": True,
        }

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        # Part of Rasa's cache key: the corpus and the code that reads and learns from it.
        code = hashlib.sha256()
        for module in (sentences_module, risk_model_module):
            code.update(Path(module.__file__ or "").read_bytes())
        return f"{corpus.fingerprint()}:{code.hexdigest()[:16]}"

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SafetyNet:
        return cls(config, model_storage, resource)

    # -- training and storage -------------------------------------------------------
    def train(self, training_data: TrainingData) -> Resource:
        texts, labels = corpus.load_corpus()
        # The topic examples are ordinary messages; the topic classifier's own
        # safety_disclosure examples carry no category, so they stay out.
        ordinary = [
            e.get(TEXT)
            for e in training_data.intent_examples
            if e.get(TEXT) and e.get(INTENT) != SAFETY_INTENT
        ]
        ordinary += corpus.behaviour_descriptions(content())
        self._model = RiskModel.train(texts + ordinary, labels + [NONE] * len(ordinary), c=self._config["C"])
        self._persist()
        return self._resource

    def _persist(self) -> None:

        assert self._model is not None
        with self._storage.write_to(self._resource) as directory:
            dump_model(self._model.pipeline, directory / "risk_model.skops")

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> SafetyNet:
        try:
            with model_storage.read_from(resource) as directory:
                pipeline = load_trusted(directory / "risk_model.skops", TRUSTED_TYPES)
        except ValueError as error:
            # A safety net without its model would miss disclosures: fail loudly.
            raise RuntimeError(f"Cannot load the safety net's risk model: {error}") from error
        net = cls(config, model_storage, resource, RiskModel(pipeline))
        registry.register(net)  # the web channels read over-long messages with it
        return net

    # -- reading messages ----------------------------------------------------------
    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._process_one(message)
        return messages

    def assess(
        self, text: str, intent: str | None = None, classifier_says_safety: bool = False
    ) -> SafetyDecision:
        """The decision for one text, also used by tests and the evaluation scripts."""
        units = reading_units(text)
        views = normalised(units)  # what the patterns and cues read, computed once
        model = self._model if self._config["use_model"] else None
        risk = model.score(units) if model is not None else NO_RISK
        evidence = Evidence(
            pattern=self._detector.detect(views) if self._config["use_patterns"] else None,
            risk=risk,
            acute_cue=self._detector.has_acute_cue(views),
            emergency_now=self._detector.has_emergency_now(views),
            suicide_cue=self._detector.has_suicide_cue(views),
            child_writer=self._detector.child_writer(views),
            mentioned=self._detector.mentioned_term(views) is not None,
            classifier_says_safety=classifier_says_safety,
            intent=intent,
            long_message=len(sentences(text)) >= LONG_MESSAGE_SENTENCES,
            names_young_child=self._detector.names_young_child(views),
        )
        return decide(evidence, self._thresholds)

    def riskiest_passage(self, text: str) -> str | None:
        """For a message too long to classify: the reading unit that would make the safety
        net act (a pattern, or a risk at the check-in threshold or above), else None."""
        units = reading_units(text)
        for unit, view in zip(units, normalised(units), strict=True):
            if self._detector.detect([view]) is not None:
                return unit
        if self._model is None:
            return None
        score = self._model.score(units)
        return score.unit if score.risk >= self._thresholds.checkin else None

    def _process_one(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        if not text.strip():
            return
        intent = (message.get(INTENT) or {}).get("name")
        ranking: list[dict[str, Any]] = list(message.get(INTENT_RANKING_KEY) or [])
        leans_to_safety = self._leans_to_safety(ranking)
        decision = self.assess(text, intent, classifier_says_safety=leans_to_safety)
        entities = list(message.get(ENTITIES) or [])
        if decision.level == CRISIS:
            logger.info("Safety net: crisis reply '%s' (row %d)", decision.category, decision.row)
            self._force_safety(message, ranking)
            entities.append(_entity("danger_category", decision.category or "general", text))
            # Always set on a crisis, so the slot never keeps an earlier crisis's value.
            entities.append(_entity(SECOND_LINE_ENTITY, decision.also or NO_SECOND_LINE, text))
        else:
            if leans_to_safety:  # the topic classifier's guess, not backed: the next topic answers
                self._drop_intent(message, ranking, SAFETY_INTENT)
            if decision.no_questionnaire and intent is not None:  # a child: never the parent form
                self._drop_intent(message, ranking, intent)
            if decision.level == CHECKIN:
                logger.info("Safety net: check-in line '%s' (row %d)", decision.category, decision.row)
                entities.append(_entity("risk_checkin", decision.category or "abuse", text))
        message.set(ENTITIES, entities, add_to_output=True)

    @staticmethod
    def _leans_to_safety(ranking: list[dict[str, Any]]) -> bool:
        real = [r for r in ranking if r.get("name") != FALLBACK_INTENT]
        return bool(real) and real[0].get("name") == SAFETY_INTENT

    def _drop_intent(self, message: Message, ranking: list[dict[str, Any]], dropped: str) -> None:
        """The next intent of the ranking answers instead (nlu_fallback below its threshold)."""
        rest = [r for r in ranking if r.get("name") not in (dropped, SAFETY_INTENT, FALLBACK_INTENT)]
        if rest and rest[0].get("confidence", 0.0) >= self._config["fallback_threshold"]:
            top = rest[0]
        else:
            top = {"name": FALLBACK_INTENT, "confidence": self._config["fallback_threshold"]}
        message.set(INTENT, top, add_to_output=True)
        message.set(INTENT_RANKING_KEY, ([top] if top not in rest else []) + rest, add_to_output=True)

    @staticmethod
    def _force_safety(message: Message, ranking: list[dict[str, Any]]) -> None:
        top = {"name": SAFETY_INTENT, "confidence": 1.0}
        rest = [r for r in ranking if r.get("name") not in (SAFETY_INTENT, FALLBACK_INTENT)]
        message.set(INTENT, top, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [top, *rest], add_to_output=True)
