"""A Rasa NLU component: a message clearly in another language gets the other-language reply.

The topic classifier only knows Dutch, so a message in Arabic, Russian or English would
land on a random topic or the fallback ("Sorry, daar kan ik je niet mee helpen"). This
component, after the classifiers and before the safety net, sets the intent
`other_language` when bot/language/identify.py is sure the text is not Dutch. That reply
(bot/content/conversation/other_language.yml) says in Dutch and English that the bot
speaks Dutch, and always names 112, Veilig Thuis, 113 and De Kindertelefoon, so a
disclosure in any language still gets them. The safety net runs afterwards and may
still turn a mixed message into a crisis reply.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.content.model import content
from bot.language.identify import is_other_language

# The intent of a message in another language, by its role in the content files.
OTHER_LANGUAGE = content().intent_for("other_language").intent


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class OtherLanguageGuard(GraphComponent):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> OtherLanguageGuard:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if is_other_language(message.get(TEXT) or ""):
                top = {"name": OTHER_LANGUAGE, "confidence": 1.0}
                rest = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != OTHER_LANGUAGE]
                message.set(INTENT, top, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [top, *rest], add_to_output=True)
        return messages
