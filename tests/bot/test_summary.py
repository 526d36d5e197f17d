"""The take-away summary page: only the holder of a server-issued sender id sees the results
recommended in that conversation (read from Rasa's tracker), each once, with sources and dates."""

from typing import Any

from aiohttp.test_utils import TestClient

from bot.web import create_app
from tests.bot.fakes import settings_for


def card(kind: str, id_: str, title: str, **fields: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "id": id_,
        "title": title,
        "language": "de",
        "status": {"code": "open", "label": "✅ Offen", "date": None},
        "fits": [],
        "details": [],
        "source_url": f"https://example.org/{id_}",
        "source_checked": "2026-11-01",
        **fields,
    }


def bot_event(shown: dict[str, Any], timestamp: float = 1_796_000_000.0) -> dict[str, Any]:
    return {
        "event": "bot",
        "timestamp": timestamp,
        "text": None,
        "data": {"custom": {"card": shown, "text": "fallback"}},
    }


async def start(client: TestClient) -> str:
    response = await client.post("/api/chat", json={"message": "Hallo"})
    return str((await response.json())["sender_id"])


async def test_the_holder_gets_a_printable_page_of_the_recommended_results(
    client: TestClient, backend: Any
) -> None:
    fake, _ = backend
    sender = await start(client)
    zim = card("programme", "zim", "ZIM <Innovation>", rate="45 %", maximum="bis 690.000 €")
    fake.events[sender] = [
        {"event": "user", "text": "Förderung für Software in Bayern"},
        bot_event(card("centre", "md-bayern", "Mittelstand-Digital Zentrum Bayern")),
        bot_event(zim),
        {"event": "bot", "text": "War das hilfreich?", "data": {}},
        bot_event(card("programme", "digitalbonus", "Digitalbonus Bayern", rate="50 %")),
        bot_event(zim, timestamp=1_796_100_000.0),  # shown again on "Weitere Programme"
        bot_event({"kind": "faq", "id": "x", "title": "not a result"}),
    ]
    response = await client.get(f"/summary/{sender}")
    assert response.status == 200
    assert response.content_type == "text/html"
    assert response.headers["Cache-Control"] == "no-store"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    page = await response.text()
    assert page.count("ZIM &lt;Innovation&gt;") == 1  # escaped, listed once
    assert "<Innovation>" not in page
    assert page.count('href="https://example.org/zim"') == 1  # shown twice, listed once
    assert page.index("Förderprogramme") < page.index("Mittelstand-Digital Zentren")
    assert page.index("Digitalbonus Bayern") < page.index("ZIM &lt;")  # programme order kept
    assert "45 % · bis 690.000 €" in page
    assert "geprüft am 01.11.2026" in page
    assert "gezeigt am" in page and "Stand:" in page
    assert "not a result" not in page
    assert "Drucken oder als PDF speichern" in page
    assert fake.tracker_queries  # read through Rasa's tracker API


async def test_the_page_says_so_when_nothing_was_recommended_yet(
    client: TestClient, backend: Any
) -> None:
    sender = await start(client)
    response = await client.get(f"/summary/{sender}?lang=en")
    assert response.status == 200
    page = await response.text()
    assert '<html lang="en">' in page
    assert "No programmes have been recommended in this conversation yet." in page


async def test_a_sender_id_not_issued_here_gets_a_polite_403(client: TestClient) -> None:
    for forged in ("web-abc.def", "telegram-4711", "x" * 300):
        response = await client.get(f"/summary/{forged}")
        assert response.status == 403
        assert response.content_type == "text/html"
        assert "Öffnen Sie sie bitte über die Schaltfläche im Chat" in await response.text()


async def test_an_erased_conversation_has_no_summary(client: TestClient) -> None:
    sender = await start(client)
    assert (await client.post("/api/delete", json={"sender_id": sender})).status == 200
    response = await client.get(f"/summary/{sender}", headers={"Accept-Language": "en"})
    assert response.status == 410
    assert "This conversation was deleted" in await response.text()


async def test_rasa_down_gets_a_polite_503(backend: Any, aiohttp_client: Any) -> None:
    fake, server = backend
    client = await aiohttp_client(create_app(settings_for(server)))
    sender = await start(client)
    fake.rasa_status = 500
    response = await client.get(f"/summary/{sender}", headers={"Accept-Language": "en"})
    assert response.status == 503
    assert "temporarily unavailable" in await response.text()


async def test_the_rasa_token_is_sent_with_the_tracker_request(
    backend: Any, aiohttp_client: Any
) -> None:
    fake, server = backend
    client = await aiohttp_client(create_app(settings_for(server, rasa_auth_token="t0ken")))
    sender = await start(client)
    assert (await client.get(f"/summary/{sender}")).status == 200
    assert fake.tracker_queries[-1] == {"token": "t0ken"}
