"""The one custom action of the anchor assistant: the example of `rasa init`'s
`actions/actions.py` (Rasa Open Source 3.6.21, Apache License 2.0), uncommented."""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher


class ActionHelloWorld(Action):
    def name(self) -> str:
        return "action_hello_world"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text="Hello World!")
        return []
