"""Sign-in, sign-out and the guard in front of every console route.

The guard gives each request a session (a fresh anonymous one when the cookie is missing, forged
or expired), accepts a signed-in session only while the server still lists it (sign-out and a new
password end it), sends requests without a signed-in user to the login page (or answers 401 JSON for
the API), and refuses every POST whose CSRF token does not match the session.
"""

import asyncio
import logging

from aiohttp import web

from console.client_ip import client_ip
from console.console import SESSION_KEY, console_of
from console.pages import Handler, redirect, render, url
from console.sessions import COOKIE_NAME, Session

logger = logging.getLogger(__name__)

PUBLIC_ROUTES = frozenset({"login", "static"})
_wait = asyncio.sleep  # the per-user slowdown; tests replace it to record the delay


def request_ip(request: web.Request) -> str:
    """The client address (X-Forwarded-For only from ADMIN_TRUSTED_PROXIES)."""
    return client_ip(
        request.remote,
        request.headers.get("X-Forwarded-For"),
        console_of(request).settings.trusted_proxies,
    )


def set_session_cookie(
    request: web.Request, response: web.StreamResponse, session: Session
) -> None:
    console = console_of(request)
    response.set_cookie(
        COOKIE_NAME,
        console.sessions.dumps(session),
        max_age=console.sessions.lifetime_seconds,
        path=url(request, "home"),
        httponly=True,
        samesite="Strict",
        secure=console.settings.secure_cookies,
    )


def _signed_in(request: web.Request, session: Session) -> bool:
    console = console_of(request)
    return (
        bool(session.user)
        and console.active_sessions.active(session)
        and console.accounts.exists(session.user or "")
    )


async def _guarded(request: web.Request, handler: Handler, session: Session) -> web.StreamResponse:
    name = request.match_info.route.name or ""
    if name not in PUBLIC_ROUTES and not _signed_in(request, session):
        if name.startswith("api."):
            return web.json_response({"error": {"code": "not_signed_in"}}, status=401)
        return redirect(url(request, "login", {"next": request.path_qs}))
    if request.method == "POST":
        form = await request.post()
        token = form.get("csrf")
        if not console_of(request).sessions.check_csrf(
            session, token if isinstance(token, str) else None
        ):
            logger.warning("admin request refused: csrf token", extra={"route": name})
            return render(
                request,
                "notice.html",
                403,
                title="Nicht ausgeführt",
                kind="error",
                message="Sicherheitsprüfung fehlgeschlagen (CSRF). Bitte die Seite neu laden und "
                "noch einmal versuchen.",
            )
    return await handler(request)


@web.middleware
async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    codec = console_of(request).sessions
    session = codec.loads(request.cookies.get(COOKIE_NAME))
    fresh = session is None
    request[SESSION_KEY] = session or codec.issue(None)
    response = await _guarded(request, handler, request[SESSION_KEY])
    if fresh and COOKIE_NAME not in response.cookies:
        set_session_cookie(request, response, request[SESSION_KEY])
    return response


@web.middleware
async def no_store(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Console pages hold personal data and tokens: browsers and proxies must not keep them."""
    response = await handler(request)
    if (request.match_info.route.name or "") != "static":
        response.headers["Cache-Control"] = "no-store"
    return response


def _login_page(
    request: web.Request, next_url: str, error: str = "", username: str = "", status: int = 200
) -> web.Response:
    return render(request, "login.html", status, next_url=next_url, error=error, username=username)


def _safe_next(request: web.Request, value: str) -> str:
    """Only paths inside the console, so the login cannot redirect elsewhere."""
    home = url(request, "home")
    if value.startswith(home) and not value.startswith("//") and "\\" not in value:
        return value
    return home


async def login_page(request: web.Request) -> web.StreamResponse:
    if _signed_in(request, request[SESSION_KEY]):
        return redirect(url(request, "home"))
    next_url = _safe_next(request, request.query.get("next", ""))
    return _login_page(request, next_url)


async def login(request: web.Request) -> web.StreamResponse:
    console = console_of(request)
    form = await request.post()
    username = str(form.get("username", "")).strip().lower()
    password = str(form.get("password", ""))
    next_url = _safe_next(request, str(form.get("next", "")))
    ip = request_ip(request)
    attempt = console.throttle.begin(username, ip)  # counted before the password is checked
    if not attempt.allowed:
        logger.warning("admin sign-in refused: locked")
        error = (
            f"Zu viele Fehlversuche. Die Anmeldung ist für {console.settings.lockout_minutes} "
            "Minuten gesperrt."
        )
        return _login_page(request, next_url, error, username, 429)
    if attempt.delay_seconds:
        logger.warning("admin sign-in slowed down", extra={"delay_s": attempt.delay_seconds})
        await _wait(attempt.delay_seconds)
    if not await asyncio.to_thread(console.accounts.verify, username, password):
        logger.warning("admin sign-in failed")
        error = "Benutzername oder Passwort ist falsch."
        return _login_page(request, next_url, error, username, 401)
    console.throttle.succeeded(attempt, username, ip)
    logger.info("admin signed in", extra={"user": username})
    session = console.sessions.issue(username)
    console.active_sessions.add(session)
    response = redirect(next_url)
    set_session_cookie(request, response, session)
    return response


async def logout(request: web.Request) -> web.StreamResponse:
    console = console_of(request)
    console.active_sessions.revoke(request[SESSION_KEY])  # a copy of the cookie is useless now
    response = redirect(url(request, "login"))
    set_session_cookie(request, response, console.sessions.issue(None))
    return response
