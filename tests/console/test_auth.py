"""Sign-in, sessions, CSRF and lockout of the staff console."""

import time

from aiohttp.test_utils import TestClient

from console.sessions import COOKIE_NAME, SessionCodec
from console.settings import AdminSettings
from console.throttle import LoginThrottle
from tests.console.conftest import PASSWORD, USER, page_token, sign_in


async def test_sign_in_with_the_right_password_opens_the_console(client: TestClient) -> None:
    response = await sign_in(client)
    assert response.status == 303
    assert response.headers["Location"] == "/admin/"
    cookie = response.cookies[COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Strict"
    assert cookie["path"] == "/admin/"
    assert not cookie["secure"]
    page = await client.get("/admin/knowledge")
    assert page.status == 200
    text = await page.text()
    assert "Digitalbonus Testland" in text
    assert USER in text
    assert page.headers["Cache-Control"] == "no-store"
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]


async def test_a_wrong_password_is_refused_without_a_session(client: TestClient) -> None:
    response = await sign_in(client, password="falsch-falsch-falsch")
    assert response.status == 401
    assert "Benutzername oder Passwort ist falsch" in await response.text()
    assert PASSWORD not in await response.text()
    page = await client.get("/admin/knowledge", allow_redirects=False)
    assert page.status == 303
    unknown = await sign_in(client, user="niemand")
    assert unknown.status == 401


async def test_pages_and_api_require_a_session(client: TestClient) -> None:
    for path in ("/admin/", "/admin/knowledge", "/admin/insights", "/admin/audit"):
        response = await client.get(path, allow_redirects=False)
        assert response.status == 303, path
        assert response.headers["Location"].startswith("/admin/login?next=")
    api = await client.get("/admin/api/status")
    assert api.status == 401
    assert (await api.json())["error"]["code"] == "not_signed_in"
    csv = await client.get("/admin/insights/contacts.csv", allow_redirects=False)
    assert csv.status == 303
    assert (await client.get("/admin/login")).status == 200
    assert (await client.get("/admin/static/admin.css")).status == 200


async def test_a_forged_or_expired_cookie_is_no_session(
    client: TestClient, admin_settings: AdminSettings
) -> None:
    forged = SessionCodec(b"another-secret-key-123456", 3600).issue(USER)
    client.session.cookie_jar.update_cookies(
        {COOKIE_NAME: SessionCodec(b"another-secret-key-123456", 3600).dumps(forged)}
    )
    assert (await client.get("/admin/knowledge", allow_redirects=False)).status == 303
    codec = SessionCodec(admin_settings.secret_key, 3600, clock=lambda: time.time() - 7200)
    client.session.cookie_jar.update_cookies({COOKIE_NAME: codec.dumps(codec.issue(USER))})
    assert (await client.get("/admin/knowledge", allow_redirects=False)).status == 303


async def test_post_without_or_with_a_wrong_csrf_token_is_refused(signed_in: TestClient) -> None:
    form = {"max_amount_eur": "9999"}
    path = "/admin/knowledge/digitalbonus-test/end"
    without = await signed_in.post(path, data=form, allow_redirects=False)
    assert without.status == 403
    assert "CSRF" in await without.text()
    wrong = await signed_in.post(path, data={"csrf": "0" * 64}, allow_redirects=False)
    assert wrong.status == 403
    page = await signed_in.get("/admin/knowledge/digitalbonus-test")
    assert "beendet" not in (await page.text()).split("Status:")[1][:80]
    token = await page_token(signed_in, "/admin/knowledge/digitalbonus-test")
    right = await signed_in.post(path, data={"csrf": token}, allow_redirects=False)
    assert right.status == 303


async def test_login_form_needs_its_csrf_token(client: TestClient) -> None:
    await client.get("/admin/login")
    response = await client.post(
        "/admin/login", data={"username": USER, "password": PASSWORD}, allow_redirects=False
    )
    assert response.status == 403


async def test_five_failures_lock_the_user_even_with_the_right_password(
    client: TestClient,
) -> None:
    for _ in range(5):
        assert (await sign_in(client, password="falsch-falsch-falsch")).status == 401
    locked = await sign_in(client)
    assert locked.status == 429
    assert "15 Minuten gesperrt" in await locked.text()
    assert (await client.get("/admin/knowledge", allow_redirects=False)).status == 303


async def test_twenty_failures_from_one_address_lock_the_address(client: TestClient) -> None:
    for number in range(20):
        await sign_in(client, user=f"rater{number}", password="falsch-falsch-falsch")
    assert (await sign_in(client)).status == 429


def test_lockout_ends_after_the_window(admin_settings: AdminSettings) -> None:
    now = [1000.0]
    throttle = LoginThrottle(admin_settings.db_path, 5, 900, clock=lambda: now[0])
    for _ in range(5):
        assert throttle.begin("bob", "1.2.3.4").allowed
    assert throttle.locked("bob", "1.2.3.4")
    assert not throttle.begin("bob", "1.2.3.4").allowed
    assert not throttle.locked("bob", "5.6.7.8")
    assert not throttle.locked("carla", "1.2.3.4")
    now[0] += 901
    assert not throttle.locked("bob", "1.2.3.4")


async def test_sign_out_ends_the_session(signed_in: TestClient) -> None:
    token = await page_token(signed_in, "/admin/knowledge")
    response = await signed_in.post("/admin/logout", data={"csrf": token}, allow_redirects=False)
    assert response.status == 303
    assert (await signed_in.get("/admin/knowledge", allow_redirects=False)).status == 303


async def test_next_only_leads_inside_the_console(client: TestClient) -> None:
    token = await page_token(client, "/admin/login")
    response = await client.post(
        "/admin/login",
        data={"username": USER, "password": PASSWORD, "csrf": token, "next": "//evil.example"},
        allow_redirects=False,
    )
    assert response.headers["Location"] == "/admin/"
