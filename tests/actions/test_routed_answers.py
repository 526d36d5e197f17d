"""What the routed questions get (#17): an SME verdict from the figures before the FAQ, rules
answered from FAQs only, and centre questions about later years answered from the dates."""

import asyncio
import json
from types import SimpleNamespace
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.centres import FindCentre
from actions.questions import AnswerQuestion
from knowledge.search import KnowledgeSearch

TODAY = "2026-12-01"


def tracker(message: str, intent: str, language: str = "de", **slots: Any) -> Tracker:
    return Tracker(
        sender_id="test",
        slots={"language": language, **slots},
        latest_message={"text": message, "intent": {"name": intent}, "entities": []},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name=None,
    )


@pytest.fixture(autouse=True)
def shipped(shipped_search: KnowledgeSearch, monkeypatch: pytest.MonkeyPatch) -> None:
    knowledge = SimpleNamespace(search=lambda: shipped_search)
    for module in ("actions.questions", "actions.centres"):
        monkeypatch.setattr(f"{module}.KNOWLEDGE", knowledge)
    monkeypatch.setenv("FOERDERLOTSE_TODAY", TODAY)
    monkeypatch.setattr("actions.questions.RecordStore", lambda: SimpleNamespace())


def said(action: Any, message: str, intent: str, language: str = "de", **slots: Any) -> str:
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, tracker(message, intent, language, **slots), {}))
    return json.dumps(dispatcher.messages, ensure_ascii=False)


def test_sme_status_is_decided_from_the_figures_before_the_faq() -> None:
    reply = said(
        AnswerQuestion(),
        "Wir sind 160 Leute, 70 Mio Umsatz und 35 Mio Bilanzsumme – noch KMU?",
        "ask_question",
    )
    assert "**mittleres Unternehmen**" in reply
    assert "höchstens 43 Mio. € Bilanzsumme (Sie: 35 Mio. €)" in reply
    assert "Quelle" in reply  # the FAQ with its source follows


def test_staff_said_earlier_counts_in_the_sme_check() -> None:
    reply = said(
        AnswerQuestion(), "With €4m turnover, are we a small enterprise?", "ask_question",
        language="en", employees=30,
    )  # fmt: skip
    assert "**small enterprise**" in reply
    assert "(you: 30)" in reply


def test_a_rules_question_is_answered_from_the_faqs_only() -> None:
    reply = said(
        AnswerQuestion(),
        "Das Tablet ist schon gekauft – kann ich für die Pflege-App trotzdem Förderung beantragen?",
        "ask_question",
    )
    assert "Förderung: " not in reply  # no programme card
    assert "begonnen" in reply


def test_the_centres_in_a_later_year_are_answered_from_their_dates() -> None:
    reply = said(FindCentre(), "Gibt es die Mittelstand-Digital Zentren 2028 noch?", "find_centre")
    assert "31.12.2026" in reply
    assert "Nachfolge: Mittelstand-Digital Netzwerk 2027–2030" in reply


def test_a_named_centre_that_ended_says_when() -> None:
    reply = said(FindCentre(), "Hilft uns das Mittelstand-Digital Zentrum Bau?", "find_centre")
    assert "hat seine Arbeit beendet" in reply


def test_a_regional_centre_question_still_searches_by_region() -> None:
    reply = said(
        FindCentre(), "Welches Mittelstand-Digital Zentrum hilft uns in Rostock?", "find_centre",
        state="MV",
    )  # fmt: skip
    assert "Zentrum Rostock" in reply
    assert "Netzwerk 2027" not in reply
