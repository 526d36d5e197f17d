"""The web API against a fake Rasa and action server: validation, relaying, outages."""

import json
import re
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from bot.settings import BotSettings
from bot.web import create_app
from messages import text
from tests.bot.fakes import ALLOWED_ORIGIN, settings_for


async def test_chat_relays_messages_and_buttons(client: TestClient, backend: Any) -> None:
    fake, _ = backend
    response = await client.post("/api/chat", json={"message": " Hallo "})
    assert response.status == 200
    body = await response.json()
    sender_id = body.pop("sender_id")
    assert sender_id.startswith("web-")
    assert body == {
        "messages": [
            {"text": "Echo: Hallo", "buttons": []},
            {"text": "Mehr?", "buttons": [{"title": "Ja", "payload": "/affirm"}]},
        ]
    }
    assert fake.received[0]["sender"] == sender_id
    assert fake.received[0]["metadata"] == {"channel": "web"}


async def test_the_answer_says_which_language_the_bot_speaks(
    client: TestClient, backend: Any
) -> None:
    fake, _ = backend
    fake.language = "en"
    body = await (await client.post("/api/chat", json={"message": "Hello"})).json()
    assert body["language"] == "en"
    assert fake.tracker_queries[-1]["include_events"] == "NONE"


async def test_the_chat_page_carries_its_labels_in_both_languages(client: TestClient) -> None:
    html = await (await client.get("/")).text()
    block = re.search(r'<script id="labels" type="application/json">(.*?)</script>', html, re.S)
    assert block is not None
    labels = json.loads(block.group(1))
    assert labels["de"]["page.send"] == text("page.send", "de") == "Senden"
    assert labels["en"]["page.send"] == text("page.send", "en") == "Send"
    assert labels["en"]["card.link_programme"] == "Apply/source"


async def test_rasa_status_is_asked_with_the_auth_token(backend: Any, aiohttp_client: Any) -> None:
    fake, server = backend
    fake.required_token = "s3cret-token"
    with_token = await aiohttp_client(
        create_app(settings_for(server, rasa_auth_token="s3cret-token"))
    )
    assert (await with_token.get("/healthz")).status == 200
    without_token = await aiohttp_client(create_app(settings_for(server)))
    response = await without_token.get("/healthz")
    assert response.status == 503
    assert (await response.json())["rasa"] is False


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"sender_id": "", "message": "Hallo"}, "missing_field"),
        ({"sender_id": 7, "message": "Hallo"}, "missing_field"),
        ({"message": "   "}, "missing_field"),
        ({"message": 42}, "missing_field"),
        ({"message": "Hi", "language": "fr"}, "bad_language"),
        ({"message": "Hi", "language": ["de"]}, "bad_language"),
        ({"message": "Hi\x00"}, "invalid_text"),
        (["not", "an", "object"], "invalid_json"),
    ],
)
async def test_bad_requests_get_a_clear_400(client: TestClient, body: Any, code: str) -> None:
    response = await client.post("/api/chat", json=body)
    assert response.status == 400
    error = (await response.json())["error"]
    assert error["code"] == code
    assert error["message"]


async def test_invalid_json_gets_a_400_in_the_clients_language(client: TestClient) -> None:
    response = await client.post(
        "/api/chat",
        data="{not json",
        headers={"Accept-Language": "en-GB,en;q=0.9", "Content-Type": "application/json"},
    )
    assert response.status == 400
    assert (await response.json())["error"]["message"] == "The request must be a JSON object."


async def test_overlong_message_is_refused(client: TestClient, backend: Any) -> None:
    fake, _ = backend
    response = await client.post("/api/chat", json={"message": "x" * 2001})
    assert response.status == 413
    assert "2000" in (await response.json())["error"]["message"]
    assert fake.received == []


async def test_huge_body_is_refused_without_a_500(client: TestClient) -> None:
    response = await client.post(
        "/api/chat", data="x" * 200_000, headers={"Content-Type": "application/json"}
    )
    assert response.status == 413
    assert (await response.json())["error"]["code"] == "too_long"


async def test_a_chat_turn_asks_no_health_checks(client: TestClient, backend: Any) -> None:
    fake, _ = backend
    assert (await client.post("/api/chat", json={"message": "Hallo"})).status == 200
    assert fake.health_checks == 0
    assert (await client.get("/healthz")).status == 200
    assert fake.health_checks == 2  # Rasa's /status and the action server's /health


async def test_a_failed_action_fails_the_turn_politely(
    client: TestClient, backend: Any, caplog: pytest.LogCaptureFixture
) -> None:
    fake, _ = backend
    fake.action_server_up = False
    response = await client.post("/api/chat", json={"message": "Hallo", "language": "en"})
    assert response.status == 503
    body = await response.json()
    assert body["error"] == {"code": "unavailable"}
    assert "temporarily unavailable" in body["messages"][0]["text"]
    assert body["sender_id"].startswith("web-")
    failed = [r for r in caplog.records if r.getMessage() == "chat failed: rasa unavailable"]
    assert "action_failed" in getattr(failed[0], "reason", "")
    german = await client.post("/api/chat", json={"message": "Hallo"})
    assert "vorübergehend nicht erreichbar" in (await german.json())["messages"][0]["text"]
    health = await client.get("/healthz")
    assert health.status == 503
    assert (await health.json())["action_server"] is False


async def test_healthz_ok_when_both_answer(client: TestClient) -> None:
    response = await client.get("/healthz")
    assert response.status == 200
    assert await response.json() == {"status": "ok", "rasa": True, "action_server": True}


async def test_rasa_unreachable_gives_friendly_unavailable(aiohttp_client: Any) -> None:
    settings = BotSettings(rasa_url="http://127.0.0.1:9", action_server_url="http://127.0.0.1:9")
    client = await aiohttp_client(create_app(settings))
    response = await client.post("/api/chat", json={"message": "Hallo"})
    assert response.status == 503
    assert "vorübergehend nicht erreichbar" in (await response.json())["messages"][0]["text"]


async def test_empty_rasa_reply_becomes_a_polite_message(client: TestClient, backend: Any) -> None:
    fake, _ = backend
    fake.silent = True
    response = await client.post("/api/chat", json={"message": "Hallo"})
    assert response.status == 200
    assert "keine Antwort" in (await response.json())["messages"][0]["text"]


async def test_sender_rate_limit_answers_politely(backend: Any, aiohttp_client: Any) -> None:
    fake, server = backend
    client = await aiohttp_client(
        create_app(settings_for(server, messages_per_minute_per_sender=2))
    )
    first = await client.post("/api/chat", json={"message": "Hi"})
    sender_id = (await first.json())["sender_id"]
    response = await client.post("/api/chat", json={"sender_id": sender_id, "message": "Hi"})
    assert response.status == 200
    response = await client.post("/api/chat", json={"sender_id": sender_id, "message": "Hi"})
    assert response.status == 429
    assert response.headers["Retry-After"] == "60"
    assert "einen Moment" in (await response.json())["messages"][0]["text"]
    assert len(fake.received) == 2
    other = await client.post("/api/chat", json={"message": "Hi"})
    assert other.status == 200


async def test_ip_rate_limit_covers_all_senders(backend: Any, aiohttp_client: Any) -> None:
    _, server = backend
    client = await aiohttp_client(create_app(settings_for(server, messages_per_minute_per_ip=3)))
    statuses = [(await client.post("/api/chat", json={"message": "Hi"})).status for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


async def test_cors_only_for_allowed_origins(client: TestClient) -> None:
    allowed = await client.options(
        "/api/chat",
        headers={"Origin": ALLOWED_ORIGIN, "Access-Control-Request-Method": "POST"},
    )
    assert allowed.status == 204
    assert allowed.headers["Access-Control-Allow-Origin"] == ALLOWED_ORIGIN
    refused = await client.options(
        "/api/chat",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert refused.status == 403
    assert "Access-Control-Allow-Origin" not in refused.headers
    post = await client.post(
        "/api/chat", json={"message": "Hi"}, headers={"Origin": ALLOWED_ORIGIN}
    )
    assert post.headers["Access-Control-Allow-Origin"] == ALLOWED_ORIGIN


async def test_page_and_widget_are_served_with_security_headers(client: TestClient) -> None:
    page = await client.get("/")
    assert page.status == 200
    assert "Förderlotse" in await page.text()
    policy = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert f"frame-ancestors 'self' {ALLOWED_ORIGIN}" in policy
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    widget = await client.get("/widget.js")
    assert widget.status == 200
    assert "iframe" in await widget.text()
    missing = await client.get("/nope")
    assert missing.status == 404
    assert "Content-Security-Policy" in missing.headers


@pytest.mark.usefixtures("store_paths")
async def test_delete_endpoint_erases_the_senders_records(client: TestClient) -> None:
    from records.store import RecordStore

    store = RecordStore()
    mine = (await (await client.post("/api/chat", json={"message": "Hi"})).json())["sender_id"]
    store.add_feedback(mine, "up", None, "web")
    store.add_feedback("web-2", "down", None, "web")
    response = await client.post("/api/delete", json={"sender_id": mine})
    assert response.status == 200
    assert [row["rating"] for row in store.rows("feedback")] == ["down"]
    bad = await client.post("/api/delete", json={})
    assert bad.status == 400


async def test_a_slow_health_check_does_not_hold_up_chat(backend: Any, aiohttp_client: Any) -> None:
    fake, server = backend
    fake.health_delay = 0.5
    client = await aiohttp_client(create_app(settings_for(server, health_timeout_seconds=0.1)))
    chat = await client.post("/api/chat", json={"message": "Hallo"})
    assert chat.status == 200
    assert (await client.get("/healthz")).status == 503


CARD = {
    "kind": "programme",
    "id": "digitalbonus-test",
    "title": "Digitalbonus Testland",
    "language": "de",
    "status": {"code": "open", "label": "✅ Offen", "date": None},
    "fits": [],
    "details": [],
    "source_url": "https://example.org/q",
    "source_checked": "2026-11-01",
}


async def test_a_card_from_the_actions_passes_through_with_its_fallback_text(
    client: TestClient, backend: Any
) -> None:
    fake, _ = backend
    fake.replies = [
        {"recipient_id": "x", "custom": {"card": CARD, "text": "**Digitalbonus Testland**"}},
        {"recipient_id": "x", "custom": {"something": "else"}},
    ]
    response = await client.post("/api/chat", json={"message": "Förderung?"})
    assert response.status == 200
    assert (await response.json())["messages"] == [
        {"text": "**Digitalbonus Testland**", "buttons": [], "card": CARD}
    ]


async def test_the_openapi_description_describes_cards(client: TestClient) -> None:
    schemas = (await (await client.get("/api/openapi.json")).json())["components"]["schemas"]
    assert schemas["Message"]["properties"]["card"] == {"$ref": "#/components/schemas/Card"}
    assert set(CARD) <= set(schemas["Card"]["properties"])
