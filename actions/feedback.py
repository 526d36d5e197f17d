"""Storing whether an answer helped, for the staff's insights."""

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import channel, intent
from records.store import RecordStore


def last_bot_text(tracker: Tracker) -> str | None:
    """The bot's last substantive message before the feedback, to know what it was about."""
    for event in reversed(tracker.events):
        if event.get("event") == "bot" and event.get("text"):
            text = event["text"]
            if not text.startswith(("War das hilfreich", "Was this helpful")):
                return text[:300]
    return None


class StoreFeedback(Action):
    def name(self) -> str:
        return "action_store_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        rating = "up" if intent(tracker) == "feedback_positive" else "down"
        RecordStore().add_feedback(
            tracker.sender_id, rating, last_bot_text(tracker), channel(tracker)
        )
        response = "utter_feedback_thanks" if rating == "up" else "utter_feedback_sorry"
        dispatcher.utter_message(response=response)
        return []
