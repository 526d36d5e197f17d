"""Server-issued sender ids, cross-site protection, and erasure ordered with chat turns."""

import asyncio
import json
import logging
import os
import stat
import uuid
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from bot.sender_ids import KEY_FILE_NAME, SenderIds, load_sender_key
from bot.settings import BotSettings
from bot.web import SENDER_LOCKS_KEY, create_app
from common.settings import load_settings
from tests.bot.conftest import StorePaths
from tests.bot.fakes import ALLOWED_ORIGIN, saved_senders, settings_for


async def new_conversation(client: TestClient) -> str:
    response = await client.post("/api/chat", json={"message": "Hallo"})
    assert response.status == 200
    return (await response.json())["sender_id"]


async def test_a_chat_without_sender_id_starts_a_conversation_under_an_issued_id(
    client: TestClient, backend: Any
) -> None:
    fake, _ = backend
    first = await new_conversation(client)
    second = await new_conversation(client)
    assert first.startswith("web-") and second.startswith("web-") and first != second
    again = await client.post("/api/chat", json={"sender_id": first, "message": "Weiter"})
    assert again.status == 200
    assert (await again.json())["sender_id"] == first
    assert [body["sender"] for body in fake.received] == [first, second, first]


@pytest.mark.parametrize(
    "made_up",
    [
        "u1",
        "telegram-123456789",
        f"web-{uuid.uuid4()}",
        "web-AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        SenderIds(b"someone else's key!!").issue("web"),
    ],
)
async def test_ids_the_server_did_not_issue_cannot_chat_or_erase(
    client: TestClient, backend: Any, made_up: str
) -> None:
    fake, _ = backend
    chat = await client.post("/api/chat", json={"sender_id": made_up, "message": "Was weißt du?"})
    assert chat.status == 403
    assert (await chat.json())["error"]["code"] == "unknown_sender"
    delete = await client.post("/api/delete", json={"sender_id": made_up})
    assert delete.status == 403
    assert (await delete.json())["error"]["code"] == "unknown_sender"
    assert fake.received == []


async def test_a_tampered_id_is_refused(client: TestClient) -> None:
    issued = await new_conversation(client)
    tampered = issued[:-1] + ("A" if issued[-1] != "A" else "B")
    response = await client.post("/api/chat", json={"sender_id": tampered, "message": "Hi"})
    assert response.status == 403


@pytest.mark.parametrize("path", ["/api/chat", "/api/delete"])
async def test_cross_site_simple_posts_are_refused(client: TestClient, path: str) -> None:
    issued = await new_conversation(client)
    body = json.dumps({"sender_id": issued, "message": "Hi"})
    for content_type in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data"):
        response = await client.post(path, data=body, headers={"Content-Type": content_type})
        assert response.status == 415, content_type
        assert (await response.json())["error"]["code"] == "unsupported_media_type"
    for origin in ("https://evil.example", "null", "http://127.0.0.1.evil.example"):
        response = await client.post(
            path, data=body, headers={"Content-Type": "application/json", "Origin": origin}
        )
        assert response.status == 403, origin
        assert (await response.json())["error"]["code"] == "forbidden_origin"
    same_site = f"http://{client.host}:{client.port}"
    allowed = await client.post(
        path, data=body, headers={"Content-Type": "application/json", "Origin": same_site}
    )
    assert allowed.status == 200


async def test_an_allowed_embedding_site_may_post(client: TestClient) -> None:
    response = await client.post(
        "/api/chat", json={"message": "Hallo"}, headers={"Origin": ALLOWED_ORIGIN}
    )
    assert response.status == 200


async def test_delete_is_rate_limited_per_ip(backend: Any, aiohttp_client: Any) -> None:
    _, server = backend
    client = await aiohttp_client(create_app(settings_for(server, deletes_per_minute_per_ip=3)))
    statuses = [
        (await client.post("/api/delete", json={"sender_id": f"guess-{i}"})).status
        for i in range(5)
    ]
    assert statuses == [403, 403, 403, 429, 429]


@pytest.fixture
def stores(store_paths: StorePaths) -> Path:
    return store_paths.tracker


async def test_erasure_waits_for_the_turn_in_flight_and_the_conversation_stays_erased(
    client: TestClient, backend: Any, stores: Path
) -> None:
    fake, _ = backend
    fake.tracker_db = stores
    sender = await new_conversation(client)
    assert saved_senders(stores) == [sender]
    fake.reply_delay = 0.5  # Rasa saves the turn only when it answers
    turn = asyncio.create_task(
        client.post("/api/chat", json={"sender_id": sender, "message": "Meine Firma: Muster"})
    )
    while len(fake.received) < 2:
        await asyncio.sleep(0.01)
    deleted = await client.post("/api/delete", json={"sender_id": sender})
    assert deleted.status == 200
    assert (await turn).status == 200
    assert sender not in saved_senders(stores)
    await asyncio.sleep(0.6)
    assert sender not in saved_senders(stores)


async def test_a_turn_queued_behind_an_erasure_does_not_bring_the_conversation_back(
    client: TestClient, backend: Any, stores: Path
) -> None:
    fake, _ = backend
    fake.tracker_db = stores
    sender = await new_conversation(client)
    fake.reply_delay = 0.3
    body = {"sender_id": sender, "message": "Noch eine Frage"}
    in_flight = asyncio.create_task(client.post("/api/chat", json=body))
    while len(fake.received) < 2:
        await asyncio.sleep(0.01)
    erasure = asyncio.create_task(client.post("/api/delete", json={"sender_id": sender}))
    await asyncio.sleep(0.05)
    queued = asyncio.create_task(client.post("/api/chat", json=body))
    statuses = [(await task).status for task in (in_flight, erasure, queued)]
    assert statuses == [200, 200, 410]
    assert sender not in saved_senders(stores)
    assert len(fake.received) == 2
    assert client.app[SENDER_LOCKS_KEY].active() == 0


async def test_sender_ids_are_not_logged(
    client: TestClient, stores: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    sender = await new_conversation(client)
    await client.post("/api/chat", json={"sender_id": sender + "x", "message": "Hi"})
    await client.post("/api/delete", json={"sender_id": sender})
    for record in caplog.records:
        assert sender not in record.getMessage() + json.dumps(vars(record), default=str)


def test_the_key_is_generated_once_per_data_folder_with_private_permissions(
    tmp_path: Path,
) -> None:
    key = load_sender_key(tmp_path)
    path = tmp_path / KEY_FILE_NAME
    assert len(key) >= 32
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_sender_key(tmp_path) == key
    os.chmod(path, 0o644)
    assert load_sender_key(tmp_path) == key
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    other = tmp_path / "other"
    assert load_sender_key(other) != key


def test_a_configured_key_replaces_the_key_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEB_SENDER_KEY", "from-the-environment")
    assert BotSettings.from_settings(load_settings(None)).sender_key == b"from-the-environment"


def test_the_key_stays_out_of_reprs() -> None:
    key = b"a-very-secret-sender-key-123"
    assert key.decode() not in repr(BotSettings(sender_key=key))
    assert key.decode() not in repr(SenderIds(key))


def test_ids_issued_before_a_restart_still_verify_with_the_same_key(tmp_path: Path) -> None:
    key = load_sender_key(tmp_path)
    issued = SenderIds(key).issue("web")
    assert SenderIds(load_sender_key(tmp_path)).verify(issued)
