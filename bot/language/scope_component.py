"""A Rasa NLU component: a message that names attachment is not out of scope.

After the topic classifier and QuestionFocus, before the FallbackClassifier. The
out-of-scope intent learned the everyday subjects people ask about elsewhere (feeding,
giving birth, day care rosters), so a short question that joins such a subject to
attachment ("is bottle feeding bad for the bond?") could win as out of scope and get a
polite decline, although the sources answer it. When the message names attachment
itself, the out-of-scope guess is removed from the ranking and the rest renormalised: the
in-scope topic next in line answers, or the FallbackClassifier asks which topic was meant.

Only the nouns count ("hechting", "gehechtheid", compounds such as "hechtingsproblemen"):
the verb "hechten" also means stitching a wound or sewing on a label, and "gehecht aan
zijn knuffel" is about a cuddly toy. It reads the folded text only, never lemmas or parses,
so it decides the same on every Dutch pipeline.
"""

from __future__ import annotations

import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.content.model import load_content
from bot.language.text import fold

# "hechting" but not "hechtingen" (stitches); compounds like "hechtingsstijl"; "gehechtheid".
ATTACHMENT_NOUN = re.compile(r"\b(?:hechting|hechtings\w+|gehechtheid\w*)\b")


def names_attachment(text: str) -> bool:
    return ATTACHMENT_NOUN.search(fold(text)) is not None


def without_intent(ranking: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    """The ranking without `name`, renormalised (what the classifier thinks, given the
    message is in scope); [] if nothing is left."""
    rest = [dict(entry) for entry in ranking if entry.get("name") != name]
    left = sum(float(entry.get("confidence") or 0.0) for entry in rest)
    if not rest or left <= 0.0:
        return []
    for entry in rest:
        entry["confidence"] = float(entry.get("confidence") or 0.0) / left
    return rest


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class AttachmentInScope(GraphComponent):
    def __init__(self, out_of_scope: str) -> None:
        self.out_of_scope = out_of_scope

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> AttachmentInScope:
        return cls(load_content().intent_for("out_of_scope").intent)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            if intent.get("name") != self.out_of_scope or not names_attachment(message.get(TEXT) or ""):
                continue
            ranking = without_intent(message.get(INTENT_RANKING_KEY) or [], self.out_of_scope)
            if ranking:
                message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
                message.set(
                    INTENT,
                    {"name": ranking[0]["name"], "confidence": ranking[0]["confidence"]},
                    add_to_output=True,
                )
        return messages
