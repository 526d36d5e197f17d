"""Reading firm facts from each user message into slots (state, employees, sector, topic).

The same `extract_*` methods serve the global slot validation (every turn, outside forms) and
the funding form, where a bare answer ("25", "weiß nicht") fills the slot being asked for.
"""

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.conversation import entity, intent, text
from actions.interruptions import INTERRUPTIONS
from actions.knowledge_access import KNOWLEDGE
from knowledge.firm_facts import (
    SKIPPED,
    mask_names,
    normalise_code,
    read_employees,
    read_legal_form,
    read_sector,
    read_state,
    read_topic,
)
from knowledge.places import state_of_place
from knowledge.vocabulary import SECTORS, STATES, TOPICS

MAX_EMPLOYEES = 10_000_000


# Intents in which the user describes their firm: what they say may correct earlier facts.
DESCRIBING = frozenset({"inform", "find_funding"})


def outside_names(tracker: Tracker, name: str, masked: str) -> Any:
    """The first `name` entity of the latest message whose words were not blanked out in
    `masked` (i.e. not part of a programme's or centre's name). Entities of button payloads
    (`/inform{...}`, no text) always count."""
    original = text(tracker)
    for found in tracker.latest_message.get("entities", []):
        if found.get("entity") != name:
            continue
        start, end = found.get("start"), found.get("end")
        if (
            isinstance(start, int)
            and isinstance(end, int)
            and original[start:end].strip()
            and not masked[start:end].strip()
        ):
            continue
        return found.get("value")
    return None


class FirmFactExtraction:
    """`extract_<slot>` methods for the facts a funding search needs.

    The form's validation answers the question being asked (a bare "25", a skip, or raw text to
    validate); the every-turn validation outside forms only remembers facts said in passing and
    never overwrites a known fact from a keyword in an unrelated question.
    """

    answers_form_questions = False

    def _asked(self, tracker: Tracker, slot: str) -> bool:
        return bool(
            self.answers_form_questions
            and tracker.active_loop.get("name")
            and tracker.get_slot("requested_slot") == slot
        )

    def _answer(
        self, tracker: Tracker, slot: str, found: Any, from_entity: bool = False
    ) -> dict[str, Any]:
        """The slot update for a turn: a found value, a skip, or the raw text to validate."""
        current = tracker.get_slot(slot)
        if found is not None:
            may_overwrite = (
                from_entity or intent(tracker) in DESCRIBING or self._asked(tracker, slot)
            )
            if found != current and (current in (None, SKIPPED) or may_overwrite):
                return {slot: found}
            return {}
        if not self._asked(tracker, slot) or intent(tracker) in INTERRUPTIONS:
            return {}
        if intent(tracker) == "skip":
            return {slot: SKIPPED}
        message = text(tracker)
        return {slot: message} if message else {}

    async def extract_state(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        # A state or city inside a programme's or centre's name is not the firm's seat.
        masked = mask_names(text(tracker), KNOWLEDGE.search().names)
        city = outside_names(tracker, "city", masked)
        from_entity = normalise_code(outside_names(tracker, "state", masked), STATES) or (
            state_of_place(city) if isinstance(city, str) else None
        )
        found = from_entity or read_state(masked)
        return self._answer(tracker, "state", found, from_entity=bool(from_entity))

    async def extract_employees(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        # A number counts only with a word like "Mitarbeiter" or as the answer to our question;
        # the entity extractor alone also tags numbers such as years or "alert(1)".
        asked = self._asked(tracker, "employees")
        raw = entity(tracker, "employees")
        found = read_employees(text(tracker), bare_number_allowed=asked)
        if found is None and asked and raw is not None:
            found = read_employees(str(raw), bare_number_allowed=True)
        return self._answer(tracker, "employees", found)

    async def extract_sector(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        from_entity = normalise_code(entity(tracker, "sector"), SECTORS)
        found = from_entity or read_sector(text(tracker))
        return self._answer(tracker, "sector", found, from_entity=bool(from_entity))

    async def extract_topic(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        from_entity = normalise_code(entity(tracker, "topic"), TOPICS)
        found = from_entity or read_topic(text(tracker))
        update = self._answer(tracker, "topic", found, from_entity=bool(from_entity))
        message = text(tracker)
        answers = found is not None or intent(tracker) not in INTERRUPTIONS
        form_asks = bool(tracker.active_loop.get("name")) and (
            tracker.get_slot("requested_slot") == "topic"
        )  # in the global validation too: after an interruption the form does not re-read it
        if message and answers and form_asks:
            # The answer describes the project ("eine KI-Anwendung entwickeln"): what kind of
            # project it is counts for the recommendation as much as the first question.
            # (The topic itself may already be set by this turn's global slot validation.)
            earlier = tracker.get_slot("funding_request") or ""
            if message not in earlier:
                update["funding_request"] = f"{earlier} {message}".strip()
        return update

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
