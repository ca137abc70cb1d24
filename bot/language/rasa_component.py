"""Rasa's `SpacyNLP`, with the Dutch pipeline resolved when the component starts.

config.yml names this component instead of Rasa's `SpacyNLP`, so one config works with
spaCy's official `nl_core_news_sm` and with our local pipeline (see pipeline.py).

The class must keep the name `SpacyNLP`: Rasa's recipe connects `SpacyTokenizer` to
its model provider by that class name (`model_from="SpacyNLP"`).
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.utils import spacy_utils
from rasa.nlu.utils.spacy_utils import SpacyModel

from bot.language.pipeline import resolve_pipeline

logger = logging.getLogger(__name__)


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.MODEL_LOADER,
        DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER,
    ],
    is_trainable=False,
    model_from="SpacyNLP",
)
class SpacyNLP(spacy_utils.SpacyNLP):
    """Loads the resolved Dutch pipeline; `model` in config.yml, if set, wins."""

    # Rasa's graph creates this component twice per model (the node that provides the
    # spaCy model to the tokenizer and the node that featurises messages), and each
    # would load its own copy: ~85 MB more per server process. Loaded pipelines are
    # only read, so one per location and process is shared.
    _loaded: ClassVar[dict[str, SpacyModel]] = {}

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        # Part of Rasa's cache key: a different pipeline means retraining.
        return config.get("model") or resolve_pipeline().fingerprint

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SpacyNLP:
        if config.get("model"):
            location = config["model"]
            logger.info("Dutch spaCy pipeline (set in config.yml): %s", location)
        else:
            resolved = resolve_pipeline()
            location = resolved.location
            logger.info("Dutch spaCy pipeline: %s", resolved.describe())
        model = cls._loaded.get(location)
        if model is None:
            model = cls.load_model(location)
            cls.ensure_proper_language_model(model.model)
            cls._loaded[location] = model
        return cls(model, {**cls.get_default_config(), **config, "model": location})
