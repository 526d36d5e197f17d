"""Asking whether an answer helped, and storing the answer for the staff's insights.

The question carries what it asks about as data: the ids of the entries shown, in the bot
message's metadata (`FEEDBACK_ABOUT`), so the rating is stored with them, whatever the wording.
"""

from collections.abc import Sequence

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import buttons
from actions.conversation import channel, intent
from knowledge.models import Entry
from messages import text
from records.store import RecordStore

FEEDBACK_ABOUT = "feedback_about"


def ask_feedback(
    dispatcher: CollectingDispatcher,
    language: str,
    about: Sequence[Entry],
    more: list[buttons.Button] | None = None,
) -> None:
    """Ask "Was this helpful?" about the entries just shown, with the rating buttons after
    any `more` buttons."""
    dispatcher.utter_message(
        text=text("feedback.question", language),
        buttons=[*(more or []), *buttons.feedback(language)],
        **{FEEDBACK_ABOUT: [f"{entry.kind}:{entry.id}" for entry in about]},
    )


def feedback_subject(tracker: Tracker) -> str | None:
    """The entries the latest feedback question asked about, e.g. "programme:zim, faq:kmu"."""
    for event in reversed(tracker.events):
        if event.get("event") == "bot" and FEEDBACK_ABOUT in (event.get("metadata") or {}):
            return ", ".join(event["metadata"][FEEDBACK_ABOUT]) or None
    return None


class StoreFeedback(Action):
    def name(self) -> str:
        return "action_store_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        rating = "up" if intent(tracker) == "feedback_positive" else "down"
        RecordStore().add_feedback(
            tracker.sender_id, rating, feedback_subject(tracker), channel(tracker)
        )
        response = "utter_feedback_thanks" if rating == "up" else "utter_feedback_sorry"
        dispatcher.utter_message(response=response)
        return []
