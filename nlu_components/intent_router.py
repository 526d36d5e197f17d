"""Rasa NLU component that corrects the intent where the message's structure decides it.

Runs after the intent classifiers; the decision itself is `knowledge.routing.route` (one place,
unit-tested there). A corrected message gets the new intent with full confidence at the top of
its ranking; entities are kept, so facts said in passing are still remembered.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

from knowledge.routing import route


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class IntentRouter(GraphComponent):
    """Replaces the classifier's intent when `knowledge.routing.route` decides otherwise."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> IntentRouter:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            current = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            routed = route(message.get(TEXT) or "", current)
            if routed is None or routed == current:
                continue
            corrected = {INTENT_NAME_KEY: routed, PREDICTED_CONFIDENCE_KEY: 1.0}
            ranking = [
                item
                for item in message.get(INTENT_RANKING_KEY) or []
                if item.get(INTENT_NAME_KEY) != routed
            ]
            message.set(INTENT, corrected, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [corrected, *ranking], add_to_output=True)
        return messages

    def process_training_data(self, training_data: Any) -> Any:
        return training_data
