"""A Rasa NLU component: marks a message whose writer says they are a professional, or
that asks for the research behind an answer (both want the precise layer first).

It adds the entity `register` = "professional" (bot/language/register.py decides). The
slot `register` is filled from that entity (domain_base.yml) and kept for the
conversation, and each topic's response has a variation for it (bot/content/build.py):
the precise layer first. The guided questions set the same slot from the role answer.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.language.register import PROFESSIONAL, SLOT, wants_precise_layer

ENTITY = SLOT  # the slot `register` is filled from this entity (domain_base.yml)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class RegisterDetector(GraphComponent):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RegisterDetector:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if text and wants_precise_layer(text):
                entity = {
                    "entity": ENTITY,
                    "value": PROFESSIONAL,
                    "start": 0,
                    "end": len(text),
                    "confidence_entity": 1.0,
                    "extractor": type(self).__name__,
                }
                message.set(ENTITIES, [*(message.get(ENTITIES) or []), entity], add_to_output=True)
        return messages
