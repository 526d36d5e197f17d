"""Issue #15, item 4: sign-in under concurrency, lockout that strangers cannot abuse, the client
address behind a trusted proxy, and sessions that really end."""

import asyncio
import dataclasses
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from console import create_admin_app
from console.accounts import Accounts
from console.client_ip import client_ip, parse_networks
from console.sessions import COOKIE_NAME
from console.settings import AdminSettings
from console.throttle import LoginThrottle
from knowledge.embeddings import QueryCachingEmbedder
from tests.console.conftest import PASSWORD, USER, csrf_of, sign_in

WRONG = "falsch-falsch-falsch"
PROXY = "127.0.0.1"


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The slowdowns sign-in asked for, recorded instead of slept."""
    recorded: list[float] = []

    async def record(seconds: float) -> None:
        recorded.append(seconds)

    monkeypatch.setattr("console.auth._wait", record)
    return recorded


@pytest.fixture
async def behind_proxy(
    aiohttp_client: Any, admin_settings: AdminSettings, embedder: QueryCachingEmbedder
) -> TestClient:
    """The console behind a reverse proxy on 127.0.0.1 (the test client's address)."""
    settings = dataclasses.replace(admin_settings, trusted_proxies=parse_networks(PROXY))
    root = web.Application()
    root.add_subapp("/admin", create_admin_app(settings, embedder))
    return await aiohttp_client(root)


async def sign_in_from(
    client: TestClient, ip: str, user: str = USER, password: str = PASSWORD
) -> int:
    headers = {"X-Forwarded-For": f"{ip}, {PROXY}"}
    page = await client.get("/admin/login", headers=headers)
    response = await client.post(
        "/admin/login",
        data={"username": user, "password": password, "csrf": csrf_of(await page.text())},
        headers=headers,
        allow_redirects=False,
    )
    return response.status


async def test_simultaneous_wrong_passwords_check_at_most_five(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, waits: list[float]
) -> None:
    checked: list[str] = []
    verify = Accounts.verify

    def counting_verify(self: Accounts, username: str, password: str) -> bool:
        checked.append(username)
        return verify(self, username, password)

    monkeypatch.setattr(Accounts, "verify", counting_verify)
    token = csrf_of(await (await client.get("/admin/login")).text())
    form = {"username": USER, "password": WRONG, "csrf": token}
    responses = await asyncio.gather(
        *(client.post("/admin/login", data=form, allow_redirects=False) for _ in range(20))
    )
    statuses = sorted(response.status for response in responses)
    assert statuses == [401] * 5 + [429] * 15
    assert len(checked) == 5
    assert (await sign_in(client)).status == 429


async def test_a_stranger_cannot_lock_staff_out(
    behind_proxy: TestClient, waits: list[float]
) -> None:
    for _ in range(12):
        assert await sign_in_from(behind_proxy, "203.0.113.9", password=WRONG) in (401, 429)
    assert await sign_in_from(behind_proxy, "203.0.113.9") == 429
    assert await sign_in_from(behind_proxy, "198.51.100.7") == 303
    assert waits and max(waits) <= 30  # the name was slowed down, not locked


async def test_many_failures_of_one_name_slow_it_down_with_a_cap(
    admin_settings: AdminSettings,
) -> None:
    throttle = LoginThrottle(admin_settings.db_path, max_failures=5, slowdown_after=5)
    delays = [throttle.begin("anna", f"192.0.2.{n}").delay_seconds for n in range(12)]
    assert delays[:5] == [0.0] * 5
    assert delays[5:9] == [2.0, 4.0, 8.0, 16.0]
    assert delays[9:] == [30.0] * 3


async def test_the_address_limit_counts_every_name(admin_settings: AdminSettings) -> None:
    throttle = LoginThrottle(admin_settings.db_path, max_failures_per_ip=20)
    for number in range(20):
        assert throttle.begin(f"rater{number}", "192.0.2.1").allowed
    assert not throttle.begin("anna", "192.0.2.1").allowed
    assert throttle.begin("anna", "192.0.2.2").allowed


async def test_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy(
    client: TestClient, waits: list[float]
) -> None:
    for number in range(5):
        assert await sign_in_from(client, f"203.0.113.{number}", password=WRONG) == 401
    assert await sign_in_from(client, "198.51.100.7") == 429  # all from 127.0.0.1


async def test_behind_a_trusted_proxy_each_client_has_its_own_lockout(
    behind_proxy: TestClient, waits: list[float]
) -> None:
    for _ in range(5):
        assert await sign_in_from(behind_proxy, "203.0.113.9", password=WRONG) == 401
    assert await sign_in_from(behind_proxy, "203.0.113.9") == 429
    assert await sign_in_from(behind_proxy, "198.51.100.7") == 303


def test_client_ip_reads_the_forwarded_chain_from_the_right() -> None:
    proxies = parse_networks("10.0.0.0/8, 192.0.2.1")
    assert client_ip("10.1.2.3", "198.51.100.7", proxies) == "198.51.100.7"
    assert client_ip("10.1.2.3", "1.1.1.1, 198.51.100.7, 192.0.2.1", proxies) == "198.51.100.7"
    assert client_ip("203.0.113.5", "198.51.100.7", proxies) == "203.0.113.5"
    assert client_ip("10.1.2.3", "not-an-ip", proxies) == "10.1.2.3"
    assert client_ip("10.1.2.3", None, proxies) == "10.1.2.3"
    assert client_ip("10.1.2.3", "198.51.100.7", ()) == "10.1.2.3"
    assert client_ip(None, None, ()) == "unknown"
    with pytest.raises(ValueError):
        parse_networks("10.0.0.0/33")


async def test_a_copied_cookie_stops_working_after_sign_out(signed_in: TestClient) -> None:
    cookie = signed_in.session.cookie_jar.filter_cookies(signed_in.make_url("/admin/"))
    copied = cookie[COOKIE_NAME].value
    token = csrf_of(await (await signed_in.get("/admin/knowledge")).text())
    await signed_in.post("/admin/logout", data={"csrf": token}, allow_redirects=False)
    signed_in.session.cookie_jar.update_cookies({COOKIE_NAME: copied})
    response = await signed_in.get("/admin/knowledge", allow_redirects=False)
    assert response.status == 303


async def test_a_new_password_ends_existing_sessions(
    signed_in: TestClient, admin_settings: AdminSettings
) -> None:
    assert (await signed_in.get("/admin/knowledge", allow_redirects=False)).status == 200
    Accounts(admin_settings.db_path).create(USER, "ein-ganz-neues-passwort", replace=True)
    assert (await signed_in.get("/admin/knowledge", allow_redirects=False)).status == 303
