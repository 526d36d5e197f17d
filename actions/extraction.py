"""Reading firm facts from each user message into slots (state, employees, sector, topic).

The same `extract_*` methods serve the global slot validation (every turn, outside forms) and
the funding form, where a bare answer ("25", "weiß nicht") fills the slot being asked for.
"""

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import entity, intent, text
from knowledge.firm_facts import (
    SKIPPED,
    normalise_code,
    read_employees,
    read_legal_form,
    read_sector,
    read_state,
    read_topic,
)
from knowledge.places import state_of_place
from knowledge.vocabulary import SECTORS, STATES, TOPICS

# Intents that are not answers to a form question: the form steps aside for them.
INTERRUPTIONS = frozenset(
    {
        "ask_programme", "ask_question", "find_centre", "find_case", "help", "bot_challenge",
        "out_of_scope", "greet", "goodbye", "thank", "request_human", "restart", "more_results",
        "feedback_positive", "feedback_negative", "switch_language", "deny",
    }
)  # fmt: skip
MAX_EMPLOYEES = 10_000_000


def _asked(tracker: Tracker, slot: str) -> bool:
    return tracker.get_slot("requested_slot") == slot and tracker.active_loop.get("name")


def _answer(tracker: Tracker, slot: str, found: Any) -> dict[str, Any]:
    """The slot update for a turn: a found value, a skip, or the raw text to be validated."""
    if found is not None:
        return {slot: found} if found != tracker.get_slot(slot) else {}
    if not _asked(tracker, slot) or intent(tracker) in INTERRUPTIONS:
        return {}
    if intent(tracker) == "skip":
        return {slot: SKIPPED}
    message = text(tracker)
    return {slot: message} if message else {}


class FirmFactExtraction:
    """`extract_<slot>` methods for the facts a funding search needs."""

    async def extract_state(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        city = entity(tracker, "city")
        found = (
            normalise_code(entity(tracker, "state"), STATES)
            or (state_of_place(city) if isinstance(city, str) else None)
            or read_state(text(tracker))
        )
        return _answer(tracker, "state", found)

    async def extract_employees(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        asked = bool(_asked(tracker, "employees"))
        raw = entity(tracker, "employees")
        found = read_employees(str(raw), bare_number_allowed=True) if raw is not None else None
        if found is None:
            found = read_employees(text(tracker), bare_number_allowed=asked)
        return _answer(tracker, "employees", found)

    async def extract_sector(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        found = normalise_code(entity(tracker, "sector"), SECTORS) or read_sector(text(tracker))
        return _answer(tracker, "sector", found)

    async def extract_topic(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        found = normalise_code(entity(tracker, "topic"), TOPICS) or read_topic(text(tracker))
        return _answer(tracker, "topic", found)

    async def extract_legal_form(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        found = read_legal_form(text(tracker))
        return {"legal_form": found} if found else {}

    async def extract_funding_request(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        message = text(tracker)
        if intent(tracker) == "find_funding" and message:
            return {"funding_request": message, "preview_shown": False, "result_queue": []}
        return {}


def valid_employees(value: Any) -> int | None:
    if isinstance(value, int | float) and 0 < value < MAX_EMPLOYEES:
        return int(value)
    if isinstance(value, str):
        count = read_employees(value, bare_number_allowed=True)
        return count if count is not None and 0 < count < MAX_EMPLOYEES else None
    return None
