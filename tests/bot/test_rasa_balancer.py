"""The client-side balancer over several Rasa processes: round robin, and the next process when
one refuses the connection or answers 5xx; never a retry after a 4xx."""

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.rasa_client import RasaClient, RasaUnavailable, split_urls
from stack.settings import free_port


async def fake_rasa(
    name: str, calls: list[str], status: int = 200, code: str = "turn_failed"
) -> TestServer:
    async def webhook(request: web.Request) -> web.Response:
        calls.append(name)
        if status != 200:
            return web.json_response({"error": {"code": code}}, status=status)
        return web.json_response([{"text": f"from {name}"}])

    async def ok(request: web.Request) -> web.Response:
        return web.json_response({})

    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", webhook)
    app.router.add_get("/status", ok)
    app.router.add_get("/health", ok)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    return server


def url(server: TestServer) -> str:
    return str(server.make_url("")).rstrip("/")


async def client_for(session: aiohttp.ClientSession, urls: list[str]) -> RasaClient:
    return RasaClient(session, ",".join(urls), ",".join(urls), timeout_seconds=5)


def test_split_urls() -> None:
    assert split_urls("http://a:1/, http://b:2") == ["http://a:1", "http://b:2"]
    with pytest.raises(ValueError):
        split_urls(" , ")


async def test_turns_go_round_robin() -> None:
    calls: list[str] = []
    servers = [await fake_rasa("a", calls), await fake_rasa("b", calls)]
    async with aiohttp.ClientSession() as session:
        client = await client_for(session, [url(s) for s in servers])
        replies = [(await client.send("s", "hi"))[0].text for _ in range(4)]
    assert replies == ["from a", "from b", "from a", "from b"]
    for server in servers:
        await server.close()


async def test_dead_process_is_skipped() -> None:
    calls: list[str] = []
    alive = await fake_rasa("alive", calls)
    dead = f"http://127.0.0.1:{free_port()}"  # nothing listens: connection refused
    async with aiohttp.ClientSession() as session:
        client = await client_for(session, [dead, url(alive)])
        replies = [(await client.send("s", "hi"))[0].text for _ in range(3)]
        health = await client.health()
    assert replies == ["from alive"] * 3
    assert health == {"rasa": True, "action_server": True}  # one of each answers
    await alive.close()


async def test_5xx_goes_to_the_next_process_but_4xx_does_not() -> None:
    calls: list[str] = []
    failing = await fake_rasa("failing", calls, status=503)
    refusing = await fake_rasa("refusing", calls, status=400)
    fine = await fake_rasa("fine", calls)
    async with aiohttp.ClientSession() as session:
        client = await client_for(session, [url(failing), url(fine)])
        assert (await client.send("s", "hi"))[0].text == "from fine"
        client = await client_for(session, [url(refusing), url(fine)])
        with pytest.raises(RasaUnavailable):
            await client.send("s", "hi")
    assert calls == ["failing", "fine", "refusing"]
    for server in (failing, refusing, fine):
        await server.close()


async def test_a_failed_action_is_not_retried_on_the_next_process() -> None:
    # each Rasa process already tried every action server (stack/action_failover.py)
    calls: list[str] = []
    failing = await fake_rasa("failing", calls, status=503, code="action_failed")
    fine = await fake_rasa("fine", calls)
    async with aiohttp.ClientSession() as session:
        client = await client_for(session, [url(failing), url(fine)])
        with pytest.raises(RasaUnavailable, match="action_failed"):
            await client.send("s", "hi")
    assert calls == ["failing"]
    for server in (failing, fine):
        await server.close()


async def test_all_processes_down_is_unavailable() -> None:
    dead = [f"http://127.0.0.1:{free_port()}" for _ in range(2)]
    async with aiohttp.ClientSession() as session:
        client = await client_for(session, dead)
        with pytest.raises(RasaUnavailable):
            await client.send("s", "hi")
        assert await client.health() == {"rasa": False, "action_server": False}
