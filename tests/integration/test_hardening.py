"""Issue #15, items 5-7 against the real stack: a canary planted in chats never reaches a log
file, a locked conversation store fails the turn with a polite 503 instead of a silent in-memory
fallback, one conversation is capped, a killed Rasa is restarted while the web API keeps
answering, and a second stack on the same ports refuses to start."""

import os
import signal
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from knowledge.settings import KnowledgeSettings
from stack.services import Stack, StartupError
from tests.conftest import TODAY, RunningStack, start_stack

TOKEN = "Kanarienvogel5b1d"
CANARY = f"{TOKEN} Erika Mustermann"
RESTART_DEADLINE_SECONDS = 300
MAX_TURNS = 8


@pytest.fixture(scope="module")
def hardened_stack(
    tmp_path_factory: pytest.TempPathFactory, shipped_settings: KnowledgeSettings
) -> Iterator[RunningStack]:
    changes = {
        "RASA_TRACKER_BUSY_SECONDS": "1",  # a held lock fails the turn quickly
        "RASA_MAX_TURNS_PER_DAY": str(MAX_TURNS),  # every other test stays below it
    }
    with pytest.MonkeyPatch.context() as environment:
        for name, value in changes.items():
            environment.setenv(name, value)
        stack = start_stack(tmp_path_factory, shipped_settings, TODAY)
    try:
        yield RunningStack.of(stack)
    finally:
        stack.stop()


class Conversation:
    """One web conversation under the id the server issued for it."""

    def __init__(self, running: RunningStack) -> None:
        self.running = running
        self.sender_id: str | None = None

    def say(self, message: str) -> tuple[int, dict[str, Any]]:
        """One message; the first starts the conversation, the server issues its id."""
        body: dict[str, Any] = {"message": message}
        if self.sender_id is not None:
            body["sender_id"] = self.sender_id
        status, reply = self.running.request("/api/chat", body)
        self.sender_id = reply.get("sender_id") or self.sender_id
        return status, reply


def _service(running: RunningStack, name: str) -> Any:
    return next(s for s in running.stack.services if s.name == name)


def test_a_second_stack_on_the_same_ports_refuses_to_start(hardened_stack: RunningStack) -> None:
    second = Stack(hardened_stack.stack.settings)
    with pytest.raises(StartupError, match="port in use"):
        second.start()
    assert all(service.process is None for service in second.services)
    assert hardened_stack.request("/healthz")[0] == 200


def test_a_locked_conversation_store_fails_the_turn_visibly(hardened_stack: RunningStack) -> None:
    conversation = Conversation(hardened_stack)
    assert conversation.say(f"Hallo, ich bin {CANARY}")[0] == 200
    lock = sqlite3.connect(hardened_stack.stack.settings.tracker_db, isolation_level=None)
    try:
        lock.execute("BEGIN IMMEDIATE")  # a long erasure or retention holds the write lock
        status, body = conversation.say(f"Was ist ZIM? {CANARY}")
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    assert status == 503, body
    assert "vorübergehend nicht erreichbar" in body["messages"][0]["text"]
    status, body = conversation.say("Wer zählt als KMU?")
    assert status == 200, body


def test_one_conversation_cannot_grow_without_bound(hardened_stack: RunningStack) -> None:
    conversation = Conversation(hardened_stack)
    for _ in range(MAX_TURNS):
        status, body = conversation.say("Hallo")
        assert status == 200 and "sehr lang" not in body["messages"][0]["text"]
    status, body = conversation.say("Hallo")
    assert status == 200
    assert "Gespräch ist sehr lang geworden" in body["messages"][0]["text"]
    assert Conversation(hardened_stack).say("Hallo")[0] == 200  # others are not affected


def test_a_killed_rasa_is_restarted_while_the_web_api_answers(
    hardened_stack: RunningStack,
) -> None:
    rasa = _service(hardened_stack, "rasa")
    web = _service(hardened_stack, "web")
    web_pid = web.process.pid
    os.killpg(rasa.process.pid, signal.SIGKILL)
    rasa.process.wait(timeout=30)
    conversation = Conversation(hardened_stack)
    status, body = conversation.say(f"Gibt es Zuschüsse? {CANARY}")
    assert status == 503
    assert "vorübergehend nicht erreichbar" in body["messages"][0]["text"]
    events: list[str] = []
    deadline = time.monotonic() + RESTART_DEADLINE_SECONDS
    while not (rasa.is_running() and rasa.is_healthy()):
        assert time.monotonic() < deadline, f"Rasa did not come back: {events}"
        events += hardened_stack.stack.supervise()
        time.sleep(0.5)
    assert events[0].startswith("rasa exited")
    assert "rasa restarted" in events
    assert web.process.pid == web_pid and web.is_running()
    assert _service(hardened_stack, "action-server").is_running()
    assert Conversation(hardened_stack).say("Hallo")[0] == 200


def test_the_canary_is_in_no_log_file(hardened_stack: RunningStack) -> None:
    conversation = Conversation(hardened_stack)
    for message in (
        f"Ich heiße {CANARY} und habe eine Schreinerei in Bayern",
        f"{CANARY} xqzv blorp",  # nonsense: fallback and an unanswered question
        f"/{TOKEN}",  # Rasa warns about an intent not in the domain, naming it
        f'/greet{{"{TOKEN}": "{TOKEN}"}}',  # … and about an unknown entity
        f'/inform{{"state": "{CANARY}"}}',  # a crafted payload with an entity value
    ):
        assert conversation.say(message)[0] in (200, 503)
    log_dir: Path = hardened_stack.stack.settings.log_dir
    files = [path for path in log_dir.rglob("*") if path.is_file()]
    assert {"rasa.log", "action-server.log", "web.log"} <= {path.name for path in files}
    leaking = [path.name for path in files if CANARY.encode() in path.read_bytes()]
    assert not leaking, f"the canary is in {leaking}"
    for part in CANARY.split():
        assert not [p.name for p in files if part.encode() in p.read_bytes()], part
