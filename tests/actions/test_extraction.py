"""Reading the firm's seat: a state or city inside a programme's or centre's name is not it."""

import asyncio
from types import SimpleNamespace
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.extraction import FirmFactExtraction
from knowledge.firm_facts import mask_names
from knowledge.search import KnowledgeSearch


def tracker(message: str, entities: list[dict[str, Any]], state: str | None = None) -> Tracker:
    return Tracker(
        sender_id="test",
        slots={"state": state},
        latest_message={"text": message, "intent": {"name": "ask_programme"}, "entities": entities},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name=None,
    )


def entity_at(message: str, word: str, name: str, value: str) -> dict[str, Any]:
    start = message.index(word)
    return {"entity": name, "value": value, "start": start, "end": start + len(word)}


@pytest.fixture
def extraction(shipped_search: KnowledgeSearch, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(
        "actions.extraction.KNOWLEDGE", SimpleNamespace(search=lambda: shipped_search)
    )
    return FirmFactExtraction()


def extract_state(extraction: Any, message: str, entities: list[dict[str, Any]]) -> dict:
    return asyncio.run(
        extraction.extract_state(CollectingDispatcher(), tracker(message, entities), {})
    )


def test_a_state_in_a_programme_name_is_not_the_seat(extraction: Any) -> None:
    message = "Wir sitzen in Stuttgart. Können wir den Digitalbonus Bayern bekommen?"
    entities = [
        entity_at(message, "Stuttgart", "city", "Stuttgart"),
        entity_at(message, "Bayern", "state", "BY"),
    ]
    assert extract_state(extraction, message, entities) == {"state": "BW"}
    alone = "Gibt es den Digitalbonus Bayern noch?"
    assert extract_state(extraction, alone, [entity_at(alone, "Bayern", "state", "BY")]) == {}


def test_the_seat_said_beside_the_programme_name_still_counts(extraction: Any) -> None:
    message = "Wir sind in Bayern – passt der Digitalbonus Bayern?"
    entities = [entity_at(message, "Bayern", "state", "BY")]
    assert extract_state(extraction, message, entities) == {"state": "BY"}


def test_mask_names_keeps_offsets() -> None:
    text = "Digitalbonus Bayern für uns in Kiel"
    masked = mask_names(text, frozenset({"Digitalbonus Bayern"}))
    assert len(masked) == len(text)
    assert "bayern" not in masked and masked.endswith("in kiel")


def test_the_project_answer_counts_for_what_kind_of_project_it_is() -> None:
    class FormExtraction(FirmFactExtraction):
        answers_form_questions = True

    asked = Tracker(
        sender_id="test",
        slots={"requested_slot": "topic", "funding_request": "Welche Förderung passt zu uns?"},
        latest_message={
            "text": "eine KI-Anwendung entwickeln",
            "intent": {"name": "inform"},
            "entities": [],
        },
        events=[],
        paused=False,
        followup_action=None,
        active_loop={"name": "funding_form"},
        latest_action_name=None,
    )
    update = asyncio.run(FormExtraction().extract_topic(CollectingDispatcher(), asked, {}))
    request = "Welche Förderung passt zu uns? eine KI-Anwendung entwickeln"
    assert update == {"topic": "ai", "funding_request": request}
    asked.slots["topic"] = "ai"  # already set by this turn's global slot validation
    update = asyncio.run(FormExtraction().extract_topic(CollectingDispatcher(), asked, {}))
    assert update == {"funding_request": request}
    asked.latest_message["intent"] = {"name": "ask_question"}  # how NLU may read it
    update = asyncio.run(FormExtraction().extract_topic(CollectingDispatcher(), asked, {}))
    assert update == {"funding_request": request}
    # after an interruption only the global validation reads the answer
    update = asyncio.run(FirmFactExtraction().extract_topic(CollectingDispatcher(), asked, {}))
    assert update == {"funding_request": request}


def test_a_state_button_still_sets_the_state(extraction: Any) -> None:
    payload = '/inform{"state":"BY"}'
    entities = [{"entity": "state", "value": "BY", "start": 7, "end": len(payload)}]
    button = tracker(payload, entities)
    button.latest_message["intent"] = {"name": "inform"}
    found = asyncio.run(extraction.extract_state(CollectingDispatcher(), button, {}))
    assert found == {"state": "BY"}
