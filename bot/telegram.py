"""The Telegram channel: relays chats to Rasa's REST channel with python-telegram-bot 22.

Run it with `python -m bot.telegram` (long polling; needs TELEGRAM_BOT_TOKEN). Each chat is its
own Rasa conversation, sender id `telegram-<chat id>`, metadata `{"channel": "telegram"}`.

Webhook mode (TELEGRAM_MODE=webhook) is served by the web API instead of this process:
`bot/web.py`'s `create_app` mounts `webhook_routes` at `/telegram/webhook`, and
`webhook_lifecycle` starts the application and registers TELEGRAM_WEBHOOK_URL (the public
https address of that route) with Telegram, together with the secret token Telegram then sends
in the X-Telegram-Bot-Api-Secret-Token header of every update.
"""

import asyncio
import contextlib
import functools
import hmac
import html
import logging
import re
import traceback
import warnings
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

import aiohttp
from aiohttp import web
from telegram import BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatAction, MessageLimit, ParseMode
from telegram.error import BadRequest, InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    PersistenceInput,
    PicklePersistence,
    filters,
)
from telegram.warnings import PTBDeprecationWarning

from bot import card_text
from bot.api_errors import ApiError, error_response, read_json_body
from bot.rasa_client import BotMessage, Button, RasaClient, RasaUnavailable
from bot.settings import BotSettings
from common.logs import configure_logging
from common.settings import Settings, load_settings
from messages import text
from records.erasure import erase_sender

logger = logging.getLogger(__name__)

T = TypeVar("T")

METADATA = {"channel": "telegram"}
CHANNEL_KEY = "foerderlotse_channel"
MODES = ("polling", "webhook")
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}")
ALLOWED_UPDATES = ["message", "callback_query"]
LANGUAGE_PAYLOADS = {
    "Deutsch": '/switch_language{"language":"de"}',
    "English": '/switch_language{"language":"en"}',
}
RETRY_ATTEMPTS = 3
BACKOFF_SECONDS = 1.0
MAX_RETRY_AFTER_SECONDS = 60.0
TYPING_REFRESH_SECONDS = 4.0
BUTTON_STORE_FILE = "telegram_buttons.pickle"
MAX_BUTTONS_KEPT = 20_000  # keyboards whose data is kept; older ones answer "expired"
BUTTON_STORE_INTERVAL_SECONDS = 5.0  # how often new buttons are written (and at shutdown)

COMMAND_NAMES = ("start", "help", "reset", "language", "privacy", "delete")


@dataclass(frozen=True)
class TelegramSettings:
    """The bot token, where the Bot API is, how updates arrive, and where Rasa is."""

    token: str = field(default="", repr=False)
    base_url: str = "https://api.telegram.org/bot"
    mode: str = "polling"
    webhook_secret: str = field(default="", repr=False)
    webhook_url: str = ""
    rasa: BotSettings = field(default_factory=BotSettings)
    # Where the buttons' data is kept across restarts (None: in memory only, for tests).
    button_store: Path | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> "TelegramSettings":
        rasa = BotSettings.from_settings(settings)
        return cls(
            token=settings.telegram_bot_token.strip(),
            base_url=settings.telegram_base_url,
            mode=settings.telegram_mode.strip().lower(),
            webhook_secret=settings.telegram_webhook_secret,
            webhook_url=settings.telegram_webhook_url,
            rasa=rasa,
            button_store=rasa.data_dir / BUTTON_STORE_FILE,
        )

    def problems(self) -> list[str]:
        """What keeps these settings from running; empty when they are fine."""
        found = []
        if not self.token:
            found.append("TELEGRAM_BOT_TOKEN is not set (create a bot with @BotFather)")
        if self.mode not in MODES:
            found.append(f"TELEGRAM_MODE must be one of {', '.join(MODES)}")
        if self.mode == "webhook" and not SECRET_PATTERN.fullmatch(self.webhook_secret):
            found.append("TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z a-z 0-9 _ -")
        return found


@dataclass(frozen=True)
class CardDetails:
    """What a card's "Details" button shows: the card's details as a text."""

    text: str


# What a button carries (python-telegram-bot's arbitrary callback data keeps it server-side and
# sends Telegram a 64-byte key): a Rasa payload to relay, or a card's details to show.
ButtonData = str | CardDetails


class TelegramChannel:
    """What the handlers share: the Rasa client and one lock per chat."""

    def __init__(self, settings: TelegramSettings) -> None:
        self.settings = settings
        self._session: aiohttp.ClientSession | None = None
        self._client: RasaClient | None = None
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()

    def rasa(self) -> RasaClient:
        """The Rasa client, with its HTTP session opened on first use."""
        if self._client is None:
            self._session = aiohttp.ClientSession()
            self._client = RasaClient.from_settings(self._session, self.settings.rasa)
        return self._client

    def lock(self, chat_id: int) -> asyncio.Lock:
        """One lock per chat, so a chat's messages reach Rasa and come back in order."""
        lock = self._locks.get(chat_id)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[chat_id] = lock
        return lock

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
        self._session = self._client = None


def sender_id(chat_id: int) -> str:
    """The Rasa sender id of a Telegram chat."""
    return f"telegram-{chat_id}"


def to_html(markup: str) -> str:
    """Escape a bot text for parse_mode HTML, turning **bold** into <b>bold</b>."""
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", html.escape(markup, quote=False))


def _fitting_prefix(message: str, limit: int) -> int:
    """How many characters of `message` fit in `limit` UTF-16 units (as Telegram counts)."""
    units = 0
    for index, char in enumerate(message):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return index
    return len(message)


def split_text(message: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """Split a text into parts Telegram accepts, at paragraph, line or word boundaries."""
    parts = []
    rest = message.strip()
    while rest:
        end = _fitting_prefix(rest, limit)
        if end < len(rest):
            window = rest[:end]
            for separator in ("\n\n", "\n", " "):
                cut = window.rfind(separator)
                if cut >= end // 2:
                    end = cut
                    break
        parts.append(rest[:end].rstrip())
        rest = rest[end:].lstrip()
    return parts


def keyboard(buttons: list[Button]) -> InlineKeyboardMarkup | None:
    """Rasa buttons as an inline keyboard, one button a row, each carrying its payload."""
    if not buttons:
        return None
    rows = [[InlineKeyboardButton(b.title, callback_data=b.payload)] for b in buttons]
    return InlineKeyboardMarkup(rows)


def card_keyboard(card: dict[str, Any]) -> InlineKeyboardMarkup:
    """A card's buttons: "Details" (shows its details) and a link to apply or to the source."""
    details = CardDetails(card_text.details_text(card))
    label = text("card.details", card_text.card_language(card))
    row = [InlineKeyboardButton(label, callback_data=details)]
    if link := card_text.link(card):
        row.append(InlineKeyboardButton(link[0], url=link[1]))
    return InlineKeyboardMarkup([row])


async def send_reply(bot: Any, chat_id: int, reply: BotMessage) -> None:
    """One Rasa reply: a card as a compact message with its buttons, anything else as text."""
    if reply.card is not None:
        markup = card_text.summary_text(reply.card)
        await send_text(bot, chat_id, markup, card_keyboard(reply.card))
    else:
        await send_text(bot, chat_id, reply.text, keyboard(reply.buttons))


async def language_of(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """The language of texts this channel writes itself: the one the bot speaks in this chat,
    or before a conversation says, the user's Telegram language."""
    chat = update.effective_chat
    if chat is not None:
        spoken = await _channel(context).rasa().conversation_language(sender_id(chat.id))
        if spoken:
            return spoken
    user = update.effective_user
    code = (user.language_code or "") if user else ""
    return "en" if code.lower().startswith("en") else "de"


def commands(language: str) -> list[BotCommand]:
    """The menu of commands, described in `language` (Telegram shows the user's)."""
    return [BotCommand(name, text(f"telegram.command_{name}", language)) for name in COMMAND_NAMES]


def unavailable_text() -> str:
    """Rasa is down: say so in German and English."""
    return f"{text('service.unavailable', 'de')}\n\n{text('service.unavailable', 'en')}"


def _retry_seconds(error: RetryAfter) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


async def with_retries(call: Callable[[], Awaitable[T]]) -> T:
    """Call the Bot API, waiting out flood limits and retrying network errors (bounded)."""
    for attempt in range(1, RETRY_ATTEMPTS + 1):
        try:
            return await call()
        except RetryAfter as error:
            wait = _retry_seconds(error)
            if attempt == RETRY_ATTEMPTS or wait > MAX_RETRY_AFTER_SECONDS:
                raise
            logger.warning("telegram flood limit", extra={"retry_after": wait})
            await asyncio.sleep(wait)
        except NetworkError as error:  # TimedOut included; BadRequest will not get better
            if isinstance(error, BadRequest) or attempt == RETRY_ATTEMPTS:
                raise
            logger.warning("telegram network error", extra={"error_type": type(error).__name__})
            await asyncio.sleep(BACKOFF_SECONDS * 2 ** (attempt - 1))
    raise AssertionError("unreachable")


async def send_text(
    bot: Any, chat_id: int, markup: str, reply_markup: InlineKeyboardMarkup | None = None
) -> None:
    """Send a bot text as HTML in parts of at most 4,096 characters; buttons go with the last."""
    parts = split_text(markup) or ["…"]
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        await with_retries(
            functools.partial(
                bot.send_message,
                chat_id,
                to_html(part),
                parse_mode=ParseMode.HTML,
                reply_markup=reply_markup if last else None,
            )
        )


@contextlib.asynccontextmanager
async def typing(bot: Any, chat_id: int) -> AsyncIterator[None]:
    """Show "typing…" while the block runs (Telegram shows it for 5 seconds per action)."""

    async def send_action() -> None:
        with contextlib.suppress(TelegramError):
            await bot.send_chat_action(chat_id, ChatAction.TYPING)

    async def refresh() -> None:
        while True:
            await asyncio.sleep(TYPING_REFRESH_SECONDS)
            await send_action()

    await send_action()
    task = asyncio.create_task(refresh())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def _channel(context: ContextTypes.DEFAULT_TYPE) -> TelegramChannel:
    return context.bot_data[CHANNEL_KEY]


async def relay(
    update: Update, context: ContextTypes.DEFAULT_TYPE, message: str, fallback: str | None = None
) -> None:
    """Send `message` to Rasa as this chat's user and deliver Rasa's replies to the chat."""
    chat = update.effective_chat
    if chat is None:
        return
    channel = _channel(context)
    async with channel.lock(chat.id):
        try:
            async with typing(context.bot, chat.id):
                replies = await channel.rasa().send(sender_id(chat.id), message, METADATA)
        except RasaUnavailable as error:
            logger.warning("telegram relay failed: rasa unavailable", extra={"reason": str(error)})
            replies = [BotMessage(text=unavailable_text())]
        if not replies:
            replies = [
                BotMessage(
                    text=fallback or text("service.no_answer", await language_of(update, context))
                )
            ]
        for reply in replies:
            await send_reply(context.bot, chat.id, reply)
    logger.info("telegram message relayed", extra={"chars": len(message), "replies": len(replies)})


async def answer_with(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    key: str,
    reply_markup: InlineKeyboardMarkup | None = None,
) -> None:
    """Send the catalogue text `key`, in the conversation's language, to the update's chat."""
    if update.effective_chat:
        await send_text(
            context.bot,
            update.effective_chat.id,
            text(key, await language_of(update, context)),
            reply_markup,
        )


async def start_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet (Rasa's greeting says what the bot can do) and list the commands."""
    await relay(update, context, "/greet")
    await answer_with(update, context, "telegram.commands")


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await relay(update, context, "/help")


async def reset_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Start a new conversation."""
    await relay(
        update,
        context,
        "/restart",
        fallback=text("telegram.reset", await language_of(update, context)),
    )


async def language_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offer Deutsch / English as buttons; a press relays `/switch_language{...}`."""
    buttons = [Button(title, payload) for title, payload in LANGUAGE_PAYLOADS.items()]
    await answer_with(update, context, "telegram.language", keyboard(buttons))


async def privacy_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await answer_with(update, context, "telegram.privacy")


async def delete_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reset Rasa's conversation, then delete it and this chat's records, and confirm."""
    chat = update.effective_chat
    if chat is None:
        return
    channel = _channel(context)
    sender = sender_id(chat.id)
    async with channel.lock(chat.id):
        language = await language_of(update, context)  # before the conversation is gone
        # Restart first, then erase: so not even the restart's own events stay behind.
        with contextlib.suppress(RasaUnavailable):
            await channel.rasa().send(sender, "/restart", METADATA)
        erased = await asyncio.to_thread(erase_sender, sender)
    logger.info(
        "telegram chat erased",
        extra={"tracker_events": erased.tracker_events, "records": erased.records},
    )
    await send_text(
        context.bot, chat.id, text("telegram.deleted", language, records=erased.records)
    )


async def text_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Relay a text message (refusing ones longer than the web API accepts)."""
    if update.message is None or update.message.text is None:
        return
    limit = _channel(context).settings.rasa.max_message_chars
    if len(update.message.text) > limit:
        await send_text(
            context.bot,
            update.message.chat_id,
            text("service.too_long", await language_of(update, context), limit=limit),
        )
        return
    await relay(update, context, update.message.text)


async def button_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button press: answer it, remove the keyboard and relay the button's payload."""
    query = update.callback_query
    if query is None:
        return
    # A key the cache does not know arrives as InvalidCallbackData (e.g. from a lost cache).
    payload = query.data if isinstance(query.data, ButtonData) else None
    notice = None if payload else text("telegram.expired", await language_of(update, context))
    await with_retries(lambda: query.answer(text=notice))
    if payload is None:
        return
    if isinstance(payload, CardDetails):
        if update.effective_chat:  # the card keeps its buttons: details can be opened again
            await send_text(context.bot, update.effective_chat.id, payload.text)
        return
    with contextlib.suppress(TelegramError):
        await query.edit_message_reply_markup(reply_markup=None)
    await relay(update, context, payload)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log a failed update without texts, names or the token; tell the user if possible."""
    error = context.error
    logger.error(
        "telegram update failed",
        extra={
            "update_id": update.update_id if isinstance(update, Update) else None,
            "error_type": type(error).__name__,
            "traceback": "".join(traceback.format_tb(error.__traceback__)) if error else None,
        },
    )
    chat = update.effective_chat if isinstance(update, Update) else None
    if chat and isinstance(update, Update) and not isinstance(error, TelegramError):
        with contextlib.suppress(TelegramError):
            await send_text(
                context.bot, chat.id, text("service.no_answer", await language_of(update, context))
            )


def register_handlers(application: Application) -> None:
    """All handlers of the channel, in one place."""
    new_message = filters.UpdateType.MESSAGE  # edited messages are not relayed again
    commands = {
        "start": start_command,
        "help": help_command,
        "reset": reset_command,
        "language": language_command,
        "privacy": privacy_command,
        "delete": delete_command,
    }
    for name, handler in commands.items():
        application.add_handler(CommandHandler(name, handler, filters=new_message))
    application.add_handler(MessageHandler(new_message & filters.COMMAND, help_command))
    application.add_handler(MessageHandler(new_message & filters.TEXT, text_message))
    application.add_handler(CallbackQueryHandler(button_press))
    application.add_error_handler(on_error)


class RedactToken(logging.Filter):
    """Replaces the bot token in log records (Telegram's error messages may contain it)."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = record.getMessage().replace(self.token, "<token>")
        record.args = ()
        if record.exc_info:
            formatted = "".join(traceback.format_exception(*record.exc_info))
            record.exc_info = None
            record.exc_text = None
            record.__dict__["error"] = formatted.replace(self.token, "<token>")
        return True


def protect_token(token: str) -> None:
    """Keep the token and message texts out of the logs of httpx and python-telegram-bot."""
    for name in ("httpx", "httpcore"):  # httpx logs every URL, token included, at INFO
        logging.getLogger(name).setLevel(logging.WARNING)
    root = logging.getLogger()
    # python-telegram-bot logs request parameters (message texts) and its URL at DEBUG.
    logging.getLogger("telegram").setLevel(max(logging.INFO, root.getEffectiveLevel()))
    for handler in root.handlers:
        if token and not any(
            isinstance(f, RedactToken) and f.token == token for f in handler.filters
        ):
            handler.addFilter(RedactToken(token))


async def on_startup(application: Application) -> None:
    """Show the commands in Telegram's menu and, in webhook mode, register the webhook."""
    settings = application.bot_data[CHANNEL_KEY].settings
    try:
        await with_retries(lambda: application.bot.set_my_commands(commands("de")))
        await with_retries(
            lambda: application.bot.set_my_commands(commands("en"), language_code="en")
        )
        if settings.mode == "webhook" and settings.webhook_url:
            await with_retries(
                lambda: application.bot.set_webhook(
                    settings.webhook_url,
                    secret_token=settings.webhook_secret,
                    allowed_updates=ALLOWED_UPDATES,
                )
            )
    except TelegramError as error:
        logger.warning("telegram setup failed", extra={"error_type": type(error).__name__})


async def on_shutdown(application: Application) -> None:
    await application.bot_data[CHANNEL_KEY].close()


def button_persistence(path: Path) -> PicklePersistence:
    """Keeps only the buttons' callback data (no chat or user data) in `path`, so a button
    sent before a restart of the adapter still works after it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return PicklePersistence(
        path,
        store_data=PersistenceInput(
            bot_data=False, chat_data=False, user_data=False, callback_data=True
        ),
        update_interval=BUTTON_STORE_INTERVAL_SECONDS,
    )


def build_application(settings: TelegramSettings) -> Application:
    """The Telegram application with all handlers, talking to the Bot API at `base_url`."""
    protect_token(settings.token)
    builder = (
        Application.builder()
        .token(settings.token)
        .base_url(settings.base_url)
        .concurrent_updates(True)  # chats run in parallel; each chat in order (its lock)
        .post_init(on_startup)
        .post_shutdown(on_shutdown)
        .arbitrary_callback_data(MAX_BUTTONS_KEPT)
    )
    if settings.button_store is not None:
        builder = builder.persistence(button_persistence(settings.button_store))
    if settings.mode == "webhook":
        builder = builder.updater(None)
    application = builder.build()
    application.bot_data[CHANNEL_KEY] = TelegramChannel(settings)
    register_handlers(application)
    return application


def parse_update(data: object, bot: Any) -> Update | None:
    """A Telegram update from a webhook body, or None when it is not one (any malformed body:
    python-telegram-bot raises many kinds of errors on unexpected shapes)."""
    if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
        return None
    try:
        return Update.de_json(data, bot)
    except Exception as error:  # untrusted input; only the type is logged
        logger.warning(
            "telegram webhook: invalid update", extra={"error_type": type(error).__name__}
        )
        return None


def webhook_routes(
    application: Application, secret_token: str
) -> Callable[[web.Request], Awaitable[web.Response]]:
    """An aiohttp handler for POST /telegram/webhook that feeds updates to `application`."""
    if not SECRET_PATTERN.fullmatch(secret_token):
        raise ValueError("the webhook secret must be 1-256 characters of A-Z a-z 0-9 _ -")
    expected = secret_token.encode()

    async def telegram_webhook(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8", "surrogateescape")
        if not hmac.compare_digest(given, expected):
            logger.warning("telegram webhook refused: wrong secret")
            return error_response(request, ApiError(403, "forbidden"))
        try:
            data = await read_json_body(request)
        except ApiError as error:
            return error_response(request, error)
        update = parse_update(data, application.bot)
        if update is None:
            return error_response(request, ApiError(400, "invalid_update"))
        await application.update_queue.put(update)
        return web.json_response({"ok": True})

    return telegram_webhook


def webhook_lifecycle(
    application: Application,
) -> Callable[[web.Application], AsyncIterator[None]]:
    """A `cleanup_ctx` for the web API: run `application` while the web server runs."""

    async def lifecycle(app: web.Application) -> AsyncIterator[None]:
        await application.initialize()
        await on_startup(application)
        await application.start()
        yield
        await application.stop()
        await application.shutdown()
        await on_shutdown(application)

    return lifecycle


def main() -> None:
    settings = TelegramSettings.from_settings(load_settings())
    configure_logging()
    if problems := settings.problems():
        raise SystemExit("Telegram channel not started: " + "; ".join(problems))
    if settings.mode == "webhook":
        raise SystemExit("TELEGRAM_MODE=webhook: the web API (python -m bot.web) serves the bot.")
    application = build_application(settings)
    logger.info("telegram channel polling", extra={"rasa_url": settings.rasa.rasa_url})
    try:
        application.run_polling(allowed_updates=ALLOWED_UPDATES, bootstrap_retries=-1)
    except InvalidToken:
        message = "Telegram rejected TELEGRAM_BOT_TOKEN; check it with @BotFather."
        raise SystemExit(message) from None


if __name__ == "__main__":
    main()
