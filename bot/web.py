"""The web channel: the chat page and widget, `/api/chat` relaying to Rasa, `/api/delete` for a
user's data, `/healthz` reporting whether all services answer, and `/api/openapi.json`
describing this public API (`bot/openapi.yaml`).

Run it with `python -m bot.web`.
"""

import asyncio
import json
import logging
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import yaml
from aiohttp import web

from bot.api_errors import ApiError, api_errors, read_json_body, request_language
from bot.rasa_client import BotMessage, RasaClient, RasaUnavailable
from bot.rate_limit import RateLimiter
from bot.security import cors, origin_allowed, security_headers
from bot.sender_ids import SenderIds, load_sender_key
from bot.sender_locks import SenderErased, SenderLocks
from bot.settings import BotSettings
from bot.summary import SummaryItem, recommended_cards, render_refusal, render_summary
from bot.telegram import TelegramSettings, build_application, webhook_lifecycle, webhook_routes
from common.logs import configure_logging
from common.settings import load_settings
from console import AdminSettings, mount_admin
from messages import catalogue, text
from records.erasure import erase_sender

logger = logging.getLogger(__name__)

SETTINGS_KEY = web.AppKey("settings", BotSettings)
RASA_CLIENT_KEY = web.AppKey("rasa_client", RasaClient)
SENDER_LIMIT_KEY = web.AppKey("sender_limit", RateLimiter)
IP_LIMIT_KEY = web.AppKey("ip_limit", RateLimiter)
DELETE_LIMIT_KEY = web.AppKey("delete_limit", RateLimiter)
SENDER_IDS_KEY = web.AppKey("sender_ids", SenderIds)
SENDER_LOCKS_KEY = web.AppKey("sender_locks", SenderLocks)
OPENAPI_KEY = web.AppKey("openapi", dict)
CHAT_PAGE_KEY = web.AppKey("chat_page", str)
STATIC_DIR = Path(__file__).parent / "static"
OPENAPI_PATH = Path(__file__).parent / "openapi.yaml"
MAX_SENDER_ID_CHARS = 128
LANGUAGES = ("de", "en")
PAGE_LABEL_PREFIXES = ("page.", "card.", "label.")
LABELS_MARKER = "{}"  # in index.html: <script id="labels" type="application/json">{}</script>


@dataclass(frozen=True)
class ChatRequest:
    """A checked chat request: the sender id (None: start a new conversation), the message and
    the optional language of the API's own messages."""

    sender_id: str | None
    message: str
    language: str | None


def _is_text(value: str) -> bool:
    """False for strings that cannot be encoded as UTF-8 (lone surrogates) or hold NUL."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in value


def parse_chat_request(body: Any, max_message_chars: int) -> ChatRequest:
    """Check a chat request body; ApiError (400 or 413) for anything the API refuses."""
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_json")
    language = body.get("language")
    if language is not None and (not isinstance(language, str) or language not in LANGUAGES):
        raise ApiError(400, "bad_language")
    sender_id = body.get("sender_id")
    if sender_id is not None:
        if not isinstance(sender_id, str) or not sender_id.strip():
            raise ApiError(400, "missing_field", field="sender_id")
        if len(sender_id) > MAX_SENDER_ID_CHARS:
            raise ApiError(400, "sender_too_long", limit=MAX_SENDER_ID_CHARS)
        sender_id = sender_id.strip()
    message = body.get("message")
    if not isinstance(message, str) or not message.strip():
        raise ApiError(400, "missing_field", field="message")
    if len(message) > max_message_chars:
        raise ApiError(413, "too_long", limit=max_message_chars)
    if not _is_text(message):
        raise ApiError(400, "invalid_text", field="message")
    return ChatRequest(sender_id, message.strip(), language)


def parse_delete_request(body: Any) -> str:
    """The sender id of a delete request; ApiError 400 when it is missing or not text."""
    sender_id = body.get("sender_id") if isinstance(body, dict) else None
    if not isinstance(sender_id, str) or not sender_id.strip():
        raise ApiError(400, "missing_field", field="sender_id")
    if len(sender_id) > MAX_SENDER_ID_CHARS:
        raise ApiError(400, "sender_too_long", limit=MAX_SENDER_ID_CHARS)
    return sender_id.strip()


def _check_origin(request: web.Request) -> None:
    if not origin_allowed(request, request.app[SETTINGS_KEY].allowed_origins):
        logger.warning("api request refused: origin not allowed", extra={"path": request.path})
        raise ApiError(403, "forbidden_origin")


def _service_response(
    key: str, language: str | None, status: int, sender_id: str, **headers: str
) -> web.Response:
    """A refusal the chat shows as a bot message (rate limit, outage), with the sender id."""
    message = BotMessage(text=text(f"service.{key}", language or "de"))
    return web.json_response(
        {"sender_id": sender_id, "messages": [message.to_json()], "error": {"code": key}},
        status=status,
        headers=headers,
    )


async def chat(request: web.Request) -> web.Response:
    """Relay one user message to Rasa and return its replies with the sender id to use next.

    Without `sender_id` a new conversation starts under a new server-issued id; an id the
    server did not issue gets 403, an erased one 410.
    """
    _check_origin(request)
    settings = request.app[SETTINGS_KEY]
    body = await read_json_body(request, settings.max_message_chars)
    chat_request = parse_chat_request(body, settings.max_message_chars)
    language = chat_request.language
    sender_ids = request.app[SENDER_IDS_KEY]
    if chat_request.sender_id is None:
        sender_id = sender_ids.issue("web")
    elif sender_ids.verify(chat_request.sender_id, "web"):
        sender_id = chat_request.sender_id
    else:
        logger.warning("chat refused: sender id not issued here")
        raise ApiError(403, "unknown_sender")

    if not (
        request.app[IP_LIMIT_KEY].allow(request.remote or "unknown")
        and request.app[SENDER_LIMIT_KEY].allow(sender_id)
    ):
        logger.warning("chat refused: rate limit")
        return _service_response("rate_limited", language, 429, sender_id, **{"Retry-After": "60"})
    try:
        async with request.app[SENDER_LOCKS_KEY].hold(sender_id):
            return await _relay(request, sender_id, chat_request)
    except SenderErased as error:
        raise ApiError(410, "sender_erased") from error


async def _relay(request: web.Request, sender_id: str, chat_request: ChatRequest) -> web.Response:
    """One turn with Rasa, while the sender's lock is held."""
    language = chat_request.language
    client = request.app[RASA_CLIENT_KEY]
    metadata = {"channel": "web", "language": language} if language else {"channel": "web"}
    try:
        replies = await client.send(sender_id, chat_request.message, metadata)
    except RasaUnavailable as error:
        logger.warning("chat failed: rasa unavailable", extra={"reason": str(error)})
        return _service_response("unavailable", language, 503, sender_id)
    if not replies:
        logger.warning("chat relayed without replies")
        replies = [BotMessage(text=text("service.no_answer", language or "de"))]
    logger.info("chat relayed", extra={"chars": len(chat_request.message), "replies": len(replies)})
    body: dict[str, Any] = {"sender_id": sender_id, "messages": [r.to_json() for r in replies]}
    if spoken := await client.conversation_language(sender_id):
        body["language"] = spoken  # the page shows its labels in the bot's language
    return web.json_response(body)


async def delete_data(request: web.Request) -> web.Response:
    """Delete one sender's conversation and stored records (the chat page's privacy link).

    Needs an id this server issued; limited per IP. Waits for the sender's turn in flight, so
    Rasa cannot save it back after the deletion, and retires the id.
    """
    _check_origin(request)
    if not request.app[DELETE_LIMIT_KEY].allow(request.remote or "unknown"):
        logger.warning("delete refused: rate limit")
        raise ApiError(429, "rate_limited")
    body = await read_json_body(request)
    sender_id = parse_delete_request(body)
    if not request.app[SENDER_IDS_KEY].verify(sender_id, "web"):
        logger.warning("delete refused: sender id not issued here")
        raise ApiError(403, "unknown_sender")
    locks = request.app[SENDER_LOCKS_KEY]
    try:
        async with locks.hold(sender_id):
            await asyncio.to_thread(erase_sender, sender_id)
            locks.mark_erased(sender_id)
    except SenderErased:
        pass  # erased before: deleting again changes nothing
    logger.info("sender data deleted")
    language = request_language(request)
    return web.json_response({"status": "deleted", "message": text("service.deleted", language)})


async def summary_page(request: web.Request) -> web.Response:
    """A printable page of the results recommended in one conversation, for the holder of its
    server-issued sender id (the chat page links to it); never cached or indexed. Refusals are
    polite pages: 403 (id not issued here), 410 (erased), 429, 503 (Rasa down)."""
    language = request.query.get("lang")
    headers = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}
    try:
        items = await _recommended(request, request.match_info["sender_id"])
    except ApiError as error:
        language = request_language(request, language)
        own = f"summary.{error.key}"
        message = text(own if own in catalogue() else f"service.{error.key}", language)
        page = render_refusal(message, language)
        return web.Response(
            text=page, status=error.status, content_type="text/html", headers=headers
        )
    if language not in LANGUAGES:
        language = str(items[0].card.get("language")) if items else request_language(request)
    page = render_summary(items, language, datetime.now(UTC).date())
    logger.info("summary shown", extra={"results": len(items)})
    return web.Response(text=page, content_type="text/html", headers=headers)


async def _recommended(request: web.Request, sender_id: str) -> list[SummaryItem]:
    """The cards shown to `sender_id`; ApiError when the id may not see them or Rasa is down."""
    if len(sender_id) > MAX_SENDER_ID_CHARS or not request.app[SENDER_IDS_KEY].verify(
        sender_id, "web"
    ):
        logger.warning("summary refused: sender id not issued here")
        raise ApiError(403, "unknown_sender")
    if request.app[SENDER_LOCKS_KEY].is_erased(sender_id):
        raise ApiError(410, "sender_erased")
    if not request.app[IP_LIMIT_KEY].allow(request.remote or "unknown"):
        raise ApiError(429, "rate_limited")
    try:
        events = await request.app[RASA_CLIENT_KEY].conversation_events(sender_id)
    except RasaUnavailable as error:
        logger.warning("summary failed: rasa unavailable", extra={"reason": str(error)})
        raise ApiError(503, "unavailable") from error
    return recommended_cards(events)


async def openapi_description(request: web.Request) -> web.Response:
    """The OpenAPI description of the public HTTP API (bot/openapi.yaml) as JSON."""
    return web.json_response(request.app[OPENAPI_KEY])


def page_labels() -> dict[str, dict[str, str]]:
    """The chat page's labels from the catalogue, per language."""
    return {
        language: {
            key: variants[language]
            for key, variants in catalogue().items()
            if key.startswith(PAGE_LABEL_PREFIXES)
        }
        for language in LANGUAGES
    }


def chat_page_html() -> str:
    """index.html with the page's labels embedded as a JSON data block (not code, so the CSP
    allows it; "<" escaped so no label can end the block)."""
    labels = json.dumps(page_labels(), ensure_ascii=False).replace("<", "\\u003c")
    html = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    marker = f'<script id="labels" type="application/json">{LABELS_MARKER}</script>'
    return html.replace(marker, marker.replace(LABELS_MARKER, labels))


async def chat_page(request: web.Request) -> web.Response:
    return web.Response(text=request.app[CHAT_PAGE_KEY], content_type="text/html")


async def widget_script(request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC_DIR / "widget.js")


async def healthz(request: web.Request) -> web.Response:
    """200 when Rasa and the action server both answer, 503 otherwise."""
    health = await request.app[RASA_CLIENT_KEY].health()
    healthy = all(health.values())
    return web.json_response(
        {"status": "ok" if healthy else "unavailable", **health}, status=200 if healthy else 503
    )


def create_app(
    settings: BotSettings,
    admin: AdminSettings | None = None,
    telegram: TelegramSettings | None = None,
) -> web.Application:
    """Build the web application with one shared HTTP session toward Rasa; with `admin` the
    staff console under /admin, with `telegram` in webhook mode (and a token) the Telegram
    webhook.

    Without `settings.sender_key` the sender ids are signed with a random key for this app
    only (tests); `main` loads the persistent one.
    """
    app = web.Application(
        client_max_size=64 * 1024,
        middlewares=[
            security_headers(settings.allowed_origins),
            cors(settings.allowed_origins),
            api_errors(),
        ],
    )
    app[SETTINGS_KEY] = settings
    app[SENDER_LIMIT_KEY] = RateLimiter(settings.messages_per_minute_per_sender, 60)
    app[IP_LIMIT_KEY] = RateLimiter(settings.messages_per_minute_per_ip, 60)
    app[DELETE_LIMIT_KEY] = RateLimiter(settings.deletes_per_minute_per_ip, 60)
    app[SENDER_IDS_KEY] = SenderIds(settings.sender_key or secrets.token_bytes(32))
    app[SENDER_LOCKS_KEY] = SenderLocks()
    app[OPENAPI_KEY] = yaml.safe_load(OPENAPI_PATH.read_text(encoding="utf-8"))
    app[CHAT_PAGE_KEY] = chat_page_html()

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
    app.router.add_get("/api/openapi.json", openapi_description)
    app.router.add_get("/summary/{sender_id}", summary_page)
    if admin:
        mount_admin(app, admin)
    if telegram and telegram.token and telegram.mode == "webhook":
        telegram_app = build_application(telegram)
        app.cleanup_ctx.append(webhook_lifecycle(telegram_app))
        app.router.add_post(
            "/telegram/webhook", webhook_routes(telegram_app, telegram.webhook_secret)
        )
    return app


def main() -> None:
    settings = load_settings()
    configure_logging()
    bot = BotSettings.from_settings(settings)
    if not bot.sender_key:
        bot = replace(bot, sender_key=load_sender_key(bot.data_dir))
    app = create_app(
        bot, AdminSettings.from_settings(settings), TelegramSettings.from_settings(settings)
    )
    web.run_app(app, host=bot.web_host, port=bot.web_port, access_log=None)


if __name__ == "__main__":
    main()
