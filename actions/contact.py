"""Handing over to a person: consent first, then name, how to reach the user and the question."""

import asyncio
import re
from dataclasses import replace
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import channel, intent, language
from actions.conversation import text as user_text
from messages import text
from records.handover_mail import ContactRequest, send_handover_mail
from records.store import RecordStore

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-zA-Z]{2,}$")
PHONE = re.compile(r"^\+?[0-9 ()/\-]{6,20}$")
CONTACT_SLOTS = ("contact_consent", "contact_name", "contact_reach", "contact_question")


class ValidateContactForm(FormValidationAction):
    def name(self) -> str:
        return "validate_contact_form"

    def _asked(self, tracker: Tracker, slot: str) -> bool:
        return tracker.get_slot("requested_slot") == slot

    async def extract_contact_consent(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if self._asked(tracker, "contact_consent") and intent(tracker) == "affirm":
            return {"contact_consent": True}
        return {}

    async def _free_text(self, tracker: Tracker, slot: str) -> dict[str, Any]:
        if not self._asked(tracker, slot) or intent(tracker) in ("restart", "deny"):
            return {}
        message = user_text(tracker).strip()
        return {slot: message} if message else {}

    async def extract_contact_name(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return await self._free_text(tracker, "contact_name")

    async def extract_contact_reach(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return await self._free_text(tracker, "contact_reach")

    async def extract_contact_question(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return await self._free_text(tracker, "contact_question")

    async def validate_contact_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if isinstance(value, str) and 1 < len(value) <= 100:
            return {"contact_name": value}
        dispatcher.utter_message(text=text("contact.ask_name", language(tracker)))
        return {"contact_name": None}

    async def validate_contact_reach(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if isinstance(value, str) and (EMAIL.match(value) or PHONE.match(value)):
            return {"contact_reach": value}
        dispatcher.utter_message(text=text("contact.invalid_reach", language(tracker)))
        return {"contact_reach": None}

    async def validate_contact_question(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if isinstance(value, str) and 2 <= len(value) <= 2000:
            return {"contact_question": value}
        return {"contact_question": None}


class SubmitContact(Action):
    """Stores the request when consent and all answers are there; otherwise stores nothing."""

    def name(self) -> str:
        return "action_submit_contact"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        lang = language(tracker)
        reset = [SlotSet(slot, None) for slot in CONTACT_SLOTS]
        if not all(tracker.get_slot(slot) for slot in CONTACT_SLOTS):
            dispatcher.utter_message(text=text("contact.nothing_stored", lang))
            return reset
        request = ContactRequest(
            record_id=0,
            name=tracker.get_slot("contact_name"),
            reach=tracker.get_slot("contact_reach"),
            question=tracker.get_slot("contact_question"),
            language=lang,
            channel=channel(tracker),
        )
        record_id = RecordStore().add_contact_request(
            tracker.sender_id,
            name=request.name,
            reach=request.reach,
            question=request.question,
            language=lang,
            channel=request.channel,
        )
        # Staff hear of it by e-mail at once; a failed mail leaves the request in the console.
        await asyncio.to_thread(send_handover_mail, replace(request, record_id=record_id))
        dispatcher.utter_message(
            text=text("contact.saved", lang, name=request.name, reach=request.reach)
        )
        return reset
