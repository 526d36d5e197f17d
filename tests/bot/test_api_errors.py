"""Malformed requests to the public API get a 4xx with the documented JSON body, never a 5xx."""

import asyncio
import gzip
import logging
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from messages import text

JSON = "application/json"


async def assert_error(response: Any, status: int, code: str) -> dict[str, str]:
    assert response.status == status
    assert response.content_type == JSON
    error = (await response.json())["error"]
    assert error["code"] == code
    assert error["message"]
    return error


@pytest.mark.parametrize("path", ["/api/chat", "/api/delete"])
@pytest.mark.parametrize(
    ("body", "content_type", "status", "code"),
    [
        (b'{"message": "Hallo"}', "application/json; charset=no-such-charset", 415, None),
        (b'{"message": "Hallo"}', "application/json; charset=latin-1", 415, None),
        (b"[" * 60_000, JSON, 400, "invalid_json"),
        (b'{"message": "\xff\xfe"}', JSON, 400, "invalid_json"),
        (b'{"message": NaN, "sender_id": Infinity}', JSON, 400, "invalid_json"),
        (b'{"message": "Hallo"}', "text/plain", 415, None),
        (b"message=Hallo", "application/x-www-form-urlencoded", 415, None),
        (b"", "", 415, None),
    ],
)
async def test_malformed_bodies_get_a_documented_4xx(
    client: TestClient, path: str, body: bytes, content_type: str, status: int, code: str | None
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = await client.post(path, data=body, headers=headers)
    await assert_error(response, status, code or "unsupported_media_type")


async def test_broken_compression_is_a_400_without_an_unhandled_exception(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    headers = {"Content-Type": JSON, "Content-Encoding": "gzip"}
    for path in ("/api/chat", "/api/delete"):
        response = await client.post(path, data=b"not gzip at all", headers=headers)
        await assert_error(response, 400, "invalid_json")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert (await client.get("/healthz")).status == 200


async def test_compressed_json_is_read(client: TestClient) -> None:
    headers = {"Content-Type": JSON, "Content-Encoding": "gzip"}
    body = gzip.compress(b'{"message": "Hallo"}')
    response = await client.post("/api/chat", data=body, headers=headers)
    assert response.status == 200


async def test_a_lone_surrogate_is_not_relayed(client: TestClient, backend: Any) -> None:
    fake, _ = backend
    response = await client.post(
        "/api/chat", data=b'{"message": "Hallo \\ud800"}', headers={"Content-Type": JSON}
    )
    await assert_error(response, 400, "invalid_text")
    assert fake.received == []


async def test_wrong_method_and_unknown_api_path_get_json_in_english(client: TestClient) -> None:
    english = {"Accept-Language": "en"}
    response = await client.get("/api/chat", headers=english)
    error = await assert_error(response, 405, "method_not_allowed")
    assert error["message"] == text("service.method_not_allowed", "en")
    assert "POST" in response.headers["Allow"]
    await assert_error(await client.get("/api/nothing-here"), 404, "not_found")
    await assert_error(await client.post("/healthz"), 405, "method_not_allowed")


async def test_errors_follow_the_requests_language(client: TestClient) -> None:
    german = await client.post("/api/chat", data=b"x", headers={"Content-Type": "text/plain"})
    english = await client.post(
        "/api/chat", data=b"x", headers={"Content-Type": "text/plain", "Accept-Language": "en"}
    )
    assert (await german.json())["error"]["message"] == text("service.unsupported_media_type", "de")
    assert (await english.json())["error"]["message"] == text(
        "service.unsupported_media_type", "en"
    )


async def test_the_openapi_description_is_served(client: TestClient) -> None:
    response = await client.get("/api/openapi.json")
    assert response.status == 200
    spec = await response.json()
    assert spec["openapi"].startswith("3.")
    assert set(spec["paths"]) >= {"/api/chat", "/api/delete", "/healthz", "/telegram/webhook"}
    documented = spec["components"]["schemas"]["Error"]["properties"]["error"]["properties"]
    codes = documented["code"]["description"]
    for key in ("invalid_json", "unsupported_media_type", "unknown_sender", "forbidden_origin"):
        assert key in codes


async def test_a_body_sent_too_slowly_gets_a_408(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A client that opens a request and then trickles its body cannot hold the connection."""
    monkeypatch.setattr("bot.api_errors.BODY_READ_SECONDS", 0.3)

    async def trickle() -> Any:
        yield b'{"message": '
        await asyncio.sleep(2)
        yield b'"Hallo"}'

    response = await client.post("/api/chat", data=trickle(), headers={"Content-Type": JSON})
    await assert_error(response, 408, "request_timeout")
