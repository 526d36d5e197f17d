"""The web channel: the chat page and widget, `/api/chat` relaying to Rasa, `/api/delete` for a
user's data, and `/healthz` reporting whether all services answer.

Run it with `python -m bot.web`.
"""

import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from bot.admin import AdminSettings, mount_admin
from bot.rasa_client import BotMessage, RasaClient, RasaUnavailable
from bot.rate_limit import RateLimiter
from bot.security import cors, security_headers
from bot.settings import BotSettings
from bot.telegram import TelegramSettings, build_application, webhook_lifecycle, webhook_routes
from bot.texts import language_from_header, text
from common.logs import configure_logging
from records.erasure import erase_sender

logger = logging.getLogger(__name__)

SETTINGS_KEY = web.AppKey("settings", BotSettings)
RASA_CLIENT_KEY = web.AppKey("rasa_client", RasaClient)
SENDER_LIMIT_KEY = web.AppKey("sender_limit", RateLimiter)
IP_LIMIT_KEY = web.AppKey("ip_limit", RateLimiter)
STATIC_DIR = Path(__file__).parent / "static"
MAX_SENDER_ID_CHARS = 128
LANGUAGES = ("de", "en")


class ChatRequestError(Exception):
    """A chat request the API refuses, with the text key and values for the user."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def parse_chat_request(body: Any, max_message_chars: int) -> tuple[str, str, str | None]:
    """Check a chat request body; return sender id, message and the optional language."""
    if not isinstance(body, dict):
        raise ChatRequestError("invalid_json")
    sender_id = body.get("sender_id")
    message = body.get("message")
    language = body.get("language")
    if not isinstance(sender_id, str) or not sender_id.strip():
        raise ChatRequestError("missing_field", field="sender_id")
    if len(sender_id) > MAX_SENDER_ID_CHARS:
        raise ChatRequestError("sender_too_long", limit=MAX_SENDER_ID_CHARS)
    if not isinstance(message, str) or not message.strip():
        raise ChatRequestError("missing_field", field="message")
    if len(message) > max_message_chars:
        raise ChatRequestError("too_long", limit=max_message_chars)
    if language is not None and language not in LANGUAGES:
        raise ChatRequestError("bad_language")
    return sender_id.strip(), message.strip(), language


def _error_response(request: web.Request, error: ChatRequestError, status: int) -> web.Response:
    language = language_from_header(request.headers.get("Accept-Language"))
    return web.json_response(
        {"error": {"code": error.key, "message": text(error.key, language, **error.values)}},
        status=status,
    )


def _unavailable_response(language: str | None) -> web.Response:
    message = BotMessage(text=text("unavailable", language or "de"))
    return web.json_response(
        {"messages": [message.to_json()], "error": {"code": "unavailable"}}, status=503
    )


async def chat(request: web.Request) -> web.Response:
    """Relay one user message to Rasa and return its replies."""
    settings = request.app[SETTINGS_KEY]
    try:
        body = await request.json()
    except web.HTTPRequestEntityTooLarge:
        return _error_response(
            request, ChatRequestError("too_long", limit=settings.max_message_chars), 413
        )
    except ValueError:
        return _error_response(request, ChatRequestError("invalid_json"), 400)
    try:
        sender_id, message, language = parse_chat_request(body, settings.max_message_chars)
    except ChatRequestError as error:
        status = 413 if error.key == "too_long" else 400
        return _error_response(request, error, status)

    if not (
        request.app[IP_LIMIT_KEY].allow(request.remote or "unknown")
        and request.app[SENDER_LIMIT_KEY].allow(sender_id)
    ):
        logger.warning("chat refused: rate limit")
        message = BotMessage(text=text("rate_limited", language or "de"))
        return web.json_response(
            {"messages": [message.to_json()], "error": {"code": "rate_limited"}},
            status=429,
            headers={"Retry-After": "60"},
        )
    client = request.app[RASA_CLIENT_KEY]
    health = await client.health(slow_counts_as_up=True)
    if not all(health.values()):
        logger.warning("chat refused: backend down", extra={"health": health})
        return _unavailable_response(language)
    metadata = {"channel": "web", "language": language} if language else {"channel": "web"}
    try:
        replies = await client.send(sender_id, message, metadata)
    except RasaUnavailable as error:
        logger.warning("chat failed: rasa unavailable", extra={"reason": str(error)})
        return _unavailable_response(language)
    if not replies:
        logger.warning("chat relayed without replies")
        replies = [BotMessage(text=text("no_answer", language or "de"))]
    logger.info("chat relayed", extra={"chars": len(message), "replies": len(replies)})
    return web.json_response({"messages": [reply.to_json() for reply in replies]})


async def delete_data(request: web.Request) -> web.Response:
    """Delete one sender's conversation and stored records (the chat page's privacy link)."""
    language = language_from_header(request.headers.get("Accept-Language"))
    try:
        body = await request.json()
    except (ValueError, web.HTTPRequestEntityTooLarge):
        body = None
    sender_id = body.get("sender_id") if isinstance(body, dict) else None
    if not isinstance(sender_id, str) or not sender_id.strip():
        error = ChatRequestError("missing_field", field="sender_id")
        return _error_response(request, error, 400)
    erase_sender(sender_id.strip())
    logger.info("sender data deleted")
    return web.json_response({"status": "deleted", "message": text("deleted", language)})


async def chat_page(request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC_DIR / "index.html")


async def widget_script(request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC_DIR / "widget.js")


async def healthz(request: web.Request) -> web.Response:
    """200 when Rasa and the action server both answer, 503 otherwise."""
    health = await request.app[RASA_CLIENT_KEY].health()
    healthy = all(health.values())
    return web.json_response(
        {"status": "ok" if healthy else "unavailable", **health}, status=200 if healthy else 503
    )


def create_app(settings: BotSettings) -> web.Application:
    """Build the web application with one shared HTTP session toward Rasa."""
    app = web.Application(
        client_max_size=64 * 1024,
        middlewares=[security_headers(settings.allowed_origins), cors(settings.allowed_origins)],
    )
    app[SETTINGS_KEY] = settings
    app[SENDER_LIMIT_KEY] = RateLimiter(settings.messages_per_minute_per_sender, 60)
    app[IP_LIMIT_KEY] = RateLimiter(settings.messages_per_minute_per_ip, 60)

    async def rasa_session(app: web.Application) -> AsyncIterator[None]:
        async with aiohttp.ClientSession() as session:
            app[RASA_CLIENT_KEY] = RasaClient.from_settings(session, settings)
            yield

    app.cleanup_ctx.append(rasa_session)
    app.router.add_get("/", chat_page)
    app.router.add_get("/widget.js", widget_script)
    app.router.add_static("/static/", STATIC_DIR)
    app.router.add_get("/healthz", healthz)
    app.router.add_post("/api/chat", chat)
    app.router.add_post("/api/delete", delete_data)
    mount_admin(app, AdminSettings.from_env())
    telegram = TelegramSettings.from_env()
    if telegram.token and telegram.mode == "webhook":
        telegram_app = build_application(telegram)
        app.cleanup_ctx.append(webhook_lifecycle(telegram_app))
        app.router.add_post(
            "/telegram/webhook", webhook_routes(telegram_app, telegram.webhook_secret)
        )
    return app


def main() -> None:
    configure_logging()
    settings = BotSettings.from_env()
    web.run_app(
        create_app(settings), host=settings.web_host, port=settings.web_port, access_log=None
    )


if __name__ == "__main__":
    main()
