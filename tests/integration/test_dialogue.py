"""Conversations through /api/chat with the real Rasa model, action server and knowledge base."""

import re
import uuid

from records.store import RecordStore
from tests.conftest import RunningStack


def new_sender() -> str:
    return f"test-{uuid.uuid4().hex[:10]}"


def test_all_facts_at_once_recommend_the_bavarian_grant(running_stack: RunningStack) -> None:
    reply = running_stack.texts(
        new_sender(),
        "Ich habe einen Elektrobetrieb in München mit 15 Mitarbeitern und will eine Software "
        "für Auftragsabwicklung einführen. Gibt es Zuschüsse?",
    )
    assert "Digitalbonus Bayern" in reply
    assert "Quelle: https://" in reply
    assert "Passt, weil:" in reply
    assert "go-digital" not in reply


def test_finder_asks_only_for_what_is_missing(running_stack: RunningStack) -> None:
    sender = new_sender()
    first = running_stack.texts(sender, "Welche Förderung passt zu meinem Betrieb?")
    assert "Bundesland" in first
    second = running_stack.texts(sender, "Dortmund")
    assert "Nordrhein-Westfalen" in second
    assert "Beschäftigte" in second
    third = running_stack.texts(sender, "25")
    assert "Branche" in third
    fourth = running_stack.texts(sender, "Handwerk")
    assert "Vorhaben" in fourth
    result = running_stack.texts(sender, "eine KI-Anwendung entwickeln")
    assert "MID" in result
    assert "Nordrhein-Westfalen" in result


def test_skipping_and_nonsense_in_the_finder(running_stack: RunningStack) -> None:
    sender = new_sender()
    running_stack.texts(sender, "Gibt es Fördergeld für meine Firma?")
    assert "Beschäftigte" in running_stack.texts(sender, "Hessen")
    nonsense = running_stack.texts(sender, "lila Elefant")
    assert "als Zahl" in nonsense or "nicht helfen" in nonsense
    assert "Beschäftigte" in nonsense  # the same question again
    assert "Branche" in running_stack.texts(sender, "weiß ich nicht")


def test_topic_known_shows_nationwide_programmes_first(running_stack: RunningStack) -> None:
    reply = running_stack.texts(
        new_sender(), "Förderung für Forschung und Entwicklung im Mittelstand"
    )
    assert "ZIM" in reply or "Zentrales Innovationsprogramm" in reply
    assert "Bundesland" in reply


def test_ended_programme_says_when_and_what_instead(running_stack: RunningStack) -> None:
    reply = running_stack.texts(new_sender(), "Gibt es go-digital noch?")
    assert "gibt es nicht mehr" in reply
    assert "31.12.2024" in reply
    assert "Stattdessen" in reply


def test_programme_ruled_out_by_state_names_the_condition(running_stack: RunningStack) -> None:
    reply = running_stack.texts(
        new_sender(), "Wir sind ein Handwerksbetrieb in Hamburg. Können wir MID beantragen?"
    )
    assert "nur für Unternehmen in Nordrhein-Westfalen" in reply
    assert "Hamburg" in reply


def test_programme_ruled_out_by_size(running_stack: RunningStack) -> None:
    reply = running_stack.texts(
        new_sender(), "Bekommen wir den Digitalbonus Bayern? Wir haben 60 Mitarbeiter in Augsburg."
    )
    assert "höchstens 49 Beschäftigte" in reply


def test_centre_for_a_city(running_stack: RunningStack) -> None:
    reply = running_stack.texts(
        new_sender(), "Ich komme aus Magdeburg. Wer hilft mir beim Thema Digitalisierung?"
    )
    assert "Magdeburg" in reply
    assert "kostenfrei" in reply.lower()


def test_case_for_a_craft(running_stack: RunningStack) -> None:
    reply = running_stack.texts(new_sender(), "Hast du ein Praxisbeispiel für eine Tischlerei?")
    assert "Tischler" in reply or "Schreiner" in reply
    assert "Ergebnis:" in reply


def test_faq_answer_with_source(running_stack: RunningStack) -> None:
    reply = running_stack.texts(new_sender(), "Wer zählt eigentlich als KMU?")
    assert "250" in reply
    assert "Quelle:" in reply


def test_unknown_question_is_admitted_not_guessed(running_stack: RunningStack) -> None:
    sender = new_sender()
    reply = running_stack.texts(sender, "Was kostet eine Tasse Kaffee in der Kantine?")
    honest = ("keine verlässliche Information", "nicht verstanden", "nicht helfen")
    assert any(phrase in reply for phrase in honest)
    assert "Quelle:" not in reply


def test_english_conversation_gets_english_answers(running_stack: RunningStack) -> None:
    reply = running_stack.texts(
        new_sender(),
        "I run a bakery in Munich with 8 employees and want an online shop. Is there funding?",
    )
    assert "These open programmes fit best" in reply
    assert "Source:" in reply


def test_handover_stores_a_request_only_with_consent(running_stack: RunningStack) -> None:
    sender = new_sender()
    assert "einverstanden" in running_stack.texts(sender, "Kann ich mit jemandem persönlich reden?")
    assert "Wie heißen Sie" in running_stack.texts(sender, "/affirm")
    assert "E-Mail" in running_stack.texts(sender, "Anna Schmidt")
    assert "nicht nach einer E-Mail" in running_stack.texts(sender, "weiß nicht")
    assert "Worum geht es" in running_stack.texts(sender, "anna@example.org")
    done = running_stack.texts(sender, "Hilfe beim Antrag für den Digitalbonus")
    assert "Danke, Anna Schmidt" in done
    records = RecordStore(running_stack.stack.settings.data_dir / "records.db")
    requests = records.rows("contact_requests")
    assert [r["reach"] for r in requests if r["name"] == "Anna Schmidt"] == ["anna@example.org"]


def test_handover_without_consent_stores_nothing(running_stack: RunningStack) -> None:
    sender = new_sender()
    running_stack.texts(sender, "Ich möchte einen Rückruf")
    reply = running_stack.texts(sender, "/deny")
    assert "nichts gespeichert" in reply


def test_feedback_is_recorded(running_stack: RunningStack) -> None:
    sender = new_sender()
    running_stack.texts(sender, "Wer zählt als KMU?")
    assert "Danke für Ihre Rückmeldung" in running_stack.texts(sender, "/feedback_positive")
    records = RecordStore(running_stack.stack.settings.data_dir / "records.db")
    # stored with what the question asked about, carried by Rasa in the message's metadata
    assert any(
        row["rating"] == "up" and re.fullmatch(r"faq:[\w-]+", row["about"] or "")
        for row in records.rows("feedback")
    )
