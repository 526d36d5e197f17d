"""The real services, over real HTTP: greetings in both languages, health and an outage."""

import sqlite3
import urllib.error
import urllib.request

import pytest

from tests.conftest import RunningStack


def test_healthz_is_ok_when_all_services_run(running_stack: RunningStack) -> None:
    status, body = running_stack.request("/healthz")
    assert status == 200
    assert body == {"status": "ok", "rasa": True, "action_server": True}


def test_rasa_http_api_wants_the_stack_token(running_stack: RunningStack) -> None:
    settings = running_stack.stack.settings
    token = running_stack.stack.rasa_auth_token
    rasa = next(service for service in running_stack.stack.services if service.name == "rasa")
    assert token not in " ".join(rasa.command)  # not in the process list
    status_url = f"http://127.0.0.1:{settings.rasa_port}/status"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(status_url, timeout=10)
    assert refused.value.code == 401
    with urllib.request.urlopen(f"{status_url}?token={token}", timeout=10) as response:
        assert response.status == 200
    assert len(token) >= 32


def test_german_greeting_gets_german_answer(running_stack: RunningStack) -> None:
    reply = running_stack.texts("greet-de", "Hallo")
    assert "Guten Tag" in reply
    assert "Förderlotse" in reply


def test_english_greeting_gets_english_answer(running_stack: RunningStack) -> None:
    reply = running_stack.texts("greet-en", "Hello")
    assert "Hello!" in reply


def test_language_follows_the_user_within_a_conversation(running_stack: RunningStack) -> None:
    assert "Hello!" in running_stack.texts("switch", "Hello")
    assert "Ich kann Ihnen helfen" in running_stack.texts("switch", "Was kannst du alles?")
    assert "I will answer in English" in running_stack.texts("switch", "Please answer in English")


def test_conversation_survives_in_the_tracker_store(running_stack: RunningStack) -> None:
    running_stack.texts("stored", "Hallo")
    with sqlite3.connect(running_stack.stack.settings.tracker_db) as connection:
        journal = connection.execute("PRAGMA journal_mode").fetchone()[0]
        user_events = connection.execute(
            "SELECT count(*) FROM events WHERE sender_id = ? AND type_name = 'user'",
            [running_stack.sender_ids["stored"]],
        ).fetchone()[0]
    connection.close()
    assert journal == "wal"
    assert user_events == 1


def test_action_server_outage_is_reported_and_heals(running_stack: RunningStack) -> None:
    action_server = running_stack.stack.services[0]
    assert action_server.name == "action-server"
    action_server.stop()
    try:
        status, body = running_stack.request("/healthz")
        assert status == 503
        assert body["action_server"] is False
        status, body = running_stack.chat("outage", "Hallo")
        assert status == 503
        assert "vorübergehend nicht erreichbar" in body["messages"][0]["text"]
    finally:
        action_server.start()
        running_stack.stack.wait_until_healthy()
    assert running_stack.request("/healthz")[0] == 200
    assert "Guten Tag" in running_stack.texts("outage", "Hallo")
