"""The Telegram channel against a fake Bot API and a fake Rasa, both local aiohttp servers.

The application polls the fake Bot API over HTTP like it would poll Telegram; every assertion
reads what the fake servers received. Nothing reaches Telegram.
"""

import asyncio
import contextlib
import json
import logging
import sqlite3
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from telegram.ext import Application

import bot.telegram as channel
from bot.settings import BotSettings
from bot.telegram import (
    TelegramSettings,
    build_application,
    on_shutdown,
    split_text,
    to_html,
    webhook_lifecycle,
    webhook_routes,
)
from common.settings import load_settings
from messages import text
from records.store import RecordStore
from stack.settings import free_port
from tests.bot.conftest import StorePaths
from tests.bot.fakes import FakeBackend

TOKEN = "123456:TEST-token-never-logged"
CHAT_ID = 4711
USER = {"id": CHAT_ID, "is_bot": False, "first_name": "Erika", "language_code": "de"}
METADATA = {"channel": "telegram"}


class FakeTelegram:
    """Plays the Bot API: hands out queued updates and records every method call."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.failures: dict[str, list[tuple[int, dict[str, Any]]]] = {}
        self._updates: list[dict[str, Any]] = []
        self._arrived = asyncio.Event()
        self._next_update_id = 1
        self._next_message_id = 100

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post(r"/bot{token}/{method}", self.handle)
        return app

    def queue(self, update: dict[str, Any]) -> None:
        self._updates.append({"update_id": self._next_update_id, **update})
        self._next_update_id += 1
        self._arrived.set()

    def send_text(self, message: str, chat_id: int = CHAT_ID) -> None:
        body: dict[str, Any] = {"text": message}
        if message.startswith("/"):
            command = message.split()[0]
            body["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        self.queue({"message": {**self._message(chat_id), "from": USER, **body}})

    def press(self, data: str, chat_id: int = CHAT_ID) -> None:
        message = {**self._message(chat_id), "text": "Mehr?"}
        self.queue(
            {
                "callback_query": {
                    "id": f"cb{self._next_update_id}",
                    "from": USER,
                    "chat_instance": "ci",
                    "data": data,
                    "message": message,
                }
            }
        )

    def of(self, method: str) -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == method]

    def _message(self, chat_id: int) -> dict[str, Any]:
        self._next_message_id += 1
        return {
            "message_id": self._next_message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "Erika"},
        }

    async def handle(self, request: web.Request) -> web.Response:
        assert request.match_info["token"] == TOKEN
        method = request.match_info["method"]
        params = dict(await request.post())
        if method == "getUpdates":
            return web.json_response({"ok": True, "result": await self._get_updates(params)})
        self.calls.append((method, params))
        if self.failures.get(method):
            status, body = self.failures[method].pop(0)
            return web.json_response(body, status=status)
        return web.json_response({"ok": True, "result": self._result(method, params)})

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if not self._updates:
            self._arrived.clear()
            timeout = min(float(params.get("timeout", 0)), 0.2)
            if timeout:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._arrived.wait(), timeout)
        updates, self._updates = self._updates, []
        return updates

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return {
                "id": 42,
                "is_bot": True,
                "first_name": "Förderlotse",
                "username": "foerderlotse_test_bot",
            }
        if method == "sendMessage":
            chat_id = int(params["chat_id"])
            return {**self._message(chat_id), "text": params["text"]}
        return True


async def eventually(check: Callable[[], bool], timeout: float = 5.0) -> None:
    """Wait until `check()` holds (the application works in the background)."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


def settings_for(telegram: TestServer, rasa_url: str, mode: str = "polling") -> TelegramSettings:
    return TelegramSettings(
        token=TOKEN,
        base_url=str(telegram.make_url("/bot")),
        mode=mode,
        webhook_secret="s3cret-token_1",
        rasa=BotSettings(rasa_url=rasa_url, action_server_url=rasa_url, rasa_timeout_seconds=5),
    )


@pytest.fixture
async def telegram(aiohttp_server: Any) -> tuple[FakeTelegram, TestServer]:
    fake = FakeTelegram()
    return fake, await aiohttp_server(fake.app())


@pytest.fixture
async def rasa(aiohttp_server: Any) -> tuple[FakeBackend, str]:
    fake = FakeBackend()
    server = await aiohttp_server(fake.app())
    return fake, str(server.make_url("")).rstrip("/")


@pytest.fixture
def records_db(store_paths: StorePaths) -> Path:
    return store_paths.records


async def polling(settings: TelegramSettings) -> AsyncIterator[Application]:
    application = build_application(settings)
    await application.initialize()
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0, timeout=1)
    try:
        yield application
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()
        await on_shutdown(application)


@pytest.fixture
async def app(telegram: Any, rasa: Any, records_db: Path) -> AsyncIterator[Application]:
    async for application in polling(settings_for(telegram[1], rasa[1])):
        yield application


async def test_text_message_is_relayed_and_buttons_become_an_inline_keyboard(
    app: Application, telegram: Any, rasa: Any
) -> None:
    fake_telegram, _ = telegram
    fake_rasa, _ = rasa
    fake_telegram.send_text("Hallo <Welt>")
    await eventually(lambda: len(fake_telegram.of("sendMessage")) == 2)

    assert fake_rasa.received == [
        {"sender": f"telegram-{CHAT_ID}", "message": "Hallo <Welt>", "metadata": METADATA}
    ]
    echo, question = fake_telegram.of("sendMessage")
    assert echo["chat_id"] == str(CHAT_ID)
    assert echo["text"] == "Echo: Hallo &lt;Welt&gt;"
    assert echo["parse_mode"] == "HTML"
    assert "reply_markup" not in echo
    rows = json.loads(question["reply_markup"])["inline_keyboard"]
    assert [[b["text"] for b in row] for row in rows] == [["Ja"]]


async def test_typing_action_is_sent_while_waiting_for_rasa(
    app: Application, telegram: Any
) -> None:
    fake_telegram, _ = telegram
    fake_telegram.send_text("Hallo")
    await eventually(lambda: len(fake_telegram.of("sendMessage")) == 2)
    methods = [name for name, _ in fake_telegram.calls]
    assert methods.index("sendChatAction") < methods.index("sendMessage")
    assert fake_telegram.of("sendChatAction")[0] == {"chat_id": str(CHAT_ID), "action": "typing"}


async def test_button_press_relays_the_full_payload(
    app: Application, telegram: Any, rasa: Any
) -> None:
    fake_telegram, _ = telegram
    fake_rasa, _ = rasa
    payload = '/inform{"topic":"' + "x" * 181 + '"}'
    assert len(payload) == 200
    fake_rasa.replies = [{"text": "Thema?", "buttons": [{"title": "Lang", "payload": payload}]}]
    fake_telegram.send_text("Hallo")
    await eventually(lambda: len(fake_telegram.of("sendMessage")) == 1)
    markup = json.loads(fake_telegram.of("sendMessage")[0]["reply_markup"])
    data = markup["inline_keyboard"][0][0]["callback_data"]
    assert len(data.encode()) <= 64

    fake_rasa.replies = [{"text": "Danke."}]
    fake_telegram.press(data)
    await eventually(lambda: len(fake_telegram.of("sendMessage")) == 2)
    assert fake_rasa.received[-1]["message"] == payload
    assert fake_rasa.received[-1]["sender"] == f"telegram-{CHAT_ID}"
    assert len(fake_telegram.of("answerCallbackQuery")) == 1
    assert "text" not in fake_telegram.of("answerCallbackQuery")[0]
    assert len(fake_telegram.of("editMessageReplyMarkup")) == 1


async def test_unknown_button_is_answered_and_not_relayed(
    app: Application, telegram: Any, rasa: Any
) -> None:
    fake_telegram, _ = telegram
    fake_rasa, _ = rasa
    fake_telegram.press("p:from-an-earlier-process")
    await eventually(lambda: len(fake_telegram.of("answerCallbackQuery")) == 1)
    assert "abgelaufen" in fake_telegram.of("answerCallbackQuery")[0]["text"]
    assert fake_rasa.received == []


async def test_reset_sends_restart_to_rasa(app: Application, telegram: Any, rasa: Any) -> None:
    fake_telegram, _ = telegram
    fake_rasa, _ = rasa
    fake_rasa.replies = []
    fake_telegram.send_text("/reset")
    await eventually(lambda: len(fake_telegram.of("sendMessage")) == 1)
    assert [body["message"] for body in fake_rasa.received] == ["/restart"]
    assert "neu an" in fake_telegram.of("sendMessage")[0]["text"]


async def test_start_help_and_language_commands(app: Application, telegram: Any, rasa: Any) -> None:
    fake_telegram, _ = telegram
    fake_rasa, _ = rasa
    fake_rasa.replies = [{"text": "Hallo! Ich bin Förderlotse."}]
    fake_telegram.send_text("/start")
    await eventually(lambda: len(fake_telegram.of("sendMessage")) == 2)
    assert "/delete" in fake_telegram.of("sendMessage")[1]["text"]
    fake_telegram.send_text("/help")
    await eventually(lambda: len(fake_rasa.received) == 2)

    fake_telegram.send_text("/language")
    await eventually(lambda: len(fake_telegram.of("sendMessage")) == 4)
    rows = json.loads(fake_telegram.of("sendMessage")[3]["reply_markup"])["inline_keyboard"]
    assert [row[0]["text"] for row in rows] == ["Deutsch", "English"]
    fake_telegram.press(rows[1][0]["callback_data"])
    await eventually(lambda: len(fake_rasa.received) == 3)
    assert [body["message"] for body in fake_rasa.received] == [
        "/greet",
        "/help",
        '/switch_language{"language":"en"}',
    ]


async def test_privacy_explains_what_is_stored(app: Application, telegram: Any) -> None:
    fake_telegram, _ = telegram
    fake_telegram.send_text("/privacy")
    await eventually(lambda: len(fake_telegram.of("sendMessage")) == 1)
    sent = fake_telegram.of("sendMessage")[0]["text"]
    assert sent.startswith("<b>Datenschutz</b>")
    assert "/delete" in sent


async def test_its_own_texts_follow_the_conversations_language(
    app: Application, telegram: Any, rasa: Any
) -> None:
    fake_telegram, _ = telegram
    fake_rasa, _ = rasa
    fake_rasa.language = "en"  # the bot speaks English here, though the user's Telegram is German
    fake_telegram.send_text("/privacy")
    await eventually(lambda: len(fake_telegram.of("sendMessage")) == 1)
    assert fake_telegram.of("sendMessage")[0]["text"].startswith("<b>Privacy</b>")


def tracker_rows(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        return [row[0] for row in connection.execute("SELECT sender_id FROM events ORDER BY id")]


async def test_delete_erases_the_chats_conversation_and_records(
    app: Application, telegram: Any, rasa: Any, records_db: Path, tmp_path: Path
) -> None:
    fake_telegram, _ = telegram
    fake_rasa, _ = rasa
    mine, other = f"telegram-{CHAT_ID}", "telegram-99"
    tracker = tmp_path / "tracker.db"
    with sqlite3.connect(tracker) as connection:
        connection.execute(
            "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, data TEXT)"
        )
        connection.executemany(
            "INSERT INTO events (sender_id, data) VALUES (?, ?)",
            [(mine, "{}"), (other, "{}"), (mine, "{}")],
        )
    store = RecordStore()
    assert store.path == records_db
    store.add_contact_request(mine, "Erika", "erika@example.org", "ZIM?", "de", "telegram")
    store.add_feedback(mine, "up", None, "telegram")
    store.add_feedback(other, "down", None, "telegram")

    fake_telegram.send_text("/delete")
    await eventually(lambda: len(fake_telegram.of("sendMessage")) == 1)

    assert tracker_rows(tracker) == [other]
    assert store.rows("contact_requests") == []
    assert len(store.rows("feedback")) == 1
    assert [body["message"] for body in fake_rasa.received] == ["/restart"]
    assert "2 Kontaktanfragen" in fake_telegram.of("sendMessage")[0]["text"]


async def test_a_long_reply_is_split_at_paragraphs(
    app: Application, telegram: Any, rasa: Any
) -> None:
    fake_telegram, _ = telegram
    fake_rasa, _ = rasa
    paragraphs = [f"**Programm {i}** " + "Förderung " * 58 for i in range(10)]
    reply = "\n\n".join(p.strip() for p in paragraphs).ljust(6_000, ".")
    assert len(reply) == 6_000
    fake_rasa.replies = [{"text": reply}]
    fake_telegram.send_text("Alle Programme bitte")
    await eventually(lambda: len(fake_telegram.of("sendMessage")) == 2)

    parts = [params["text"] for params in fake_telegram.of("sendMessage")]
    assert all(len(part) <= 4096 for part in parts)
    assert parts[1].startswith("<b>Programm ")
    assert sum(part.count("<b>") for part in parts) == 10


async def test_rasa_down_sends_the_friendly_unavailable_text(
    telegram: Any, records_db: Path
) -> None:
    fake_telegram, server = telegram
    async for _ in polling(settings_for(server, f"http://127.0.0.1:{free_port()}")):
        fake_telegram.send_text("Hallo")
        await eventually(lambda: len(fake_telegram.of("sendMessage")) == 1)
    sent = fake_telegram.of("sendMessage")[0]["text"]
    assert text("service.unavailable", "de") in sent
    assert text("service.unavailable", "en") in sent


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
@pytest.mark.parametrize(
    "failure",
    [
        (429, {"ok": False, "description": "Too Many Requests", "parameters": {"retry_after": 1}}),
        (502, {"ok": False, "description": "Bad Gateway"}),
    ],
)
async def test_flood_limits_and_network_errors_are_retried(
    app: Application, telegram: Any, monkeypatch: pytest.MonkeyPatch, failure: Any
) -> None:
    monkeypatch.setattr(channel, "BACKOFF_SECONDS", 0.01)
    fake_telegram, _ = telegram
    fake_telegram.failures["sendMessage"] = [failure]
    fake_telegram.send_text("Hallo")
    await eventually(lambda: len(fake_telegram.of("sendMessage")) == 3)
    first, retried, _ = fake_telegram.of("sendMessage")
    assert first == retried


async def test_logs_hold_neither_texts_nor_token(
    app: Application, telegram: Any, caplog: pytest.LogCaptureFixture
) -> None:
    fake_telegram, _ = telegram
    caplog.set_level(logging.DEBUG)
    fake_telegram.send_text("Geheimer Betrieb Mustermann")
    await eventually(lambda: len(fake_telegram.of("sendMessage")) == 2)
    # the line is logged after the replies are sent
    await eventually(
        lambda: any(r.getMessage() == "telegram message relayed" for r in caplog.records)
    )
    records = [r for r in caplog.records if not r.name.startswith("aiohttp")]
    for record in records:
        logged = record.getMessage() + json.dumps(vars(record), default=str)
        assert "Mustermann" not in logged
        assert TOKEN not in logged


async def test_webhook_checks_the_secret_and_feeds_updates(
    telegram: Any, rasa: Any, aiohttp_client: Any, records_db: Path
) -> None:
    fake_telegram, server = telegram
    fake_rasa, rasa_url = rasa
    settings = settings_for(server, rasa_url, mode="webhook")
    application = build_application(settings)
    web_app = web.Application()
    web_app.cleanup_ctx.append(webhook_lifecycle(application))
    web_app.router.add_post(
        "/telegram/webhook", webhook_routes(application, settings.webhook_secret)
    )
    client: TestClient = await aiohttp_client(web_app)
    update = {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "chat": {"id": CHAT_ID, "type": "private"},
            "from": USER,
            "text": "Hallo",
        },
    }
    headers = {"X-Telegram-Bot-Api-Secret-Token": "wrong"}
    refused = await client.post("/telegram/webhook", json=update, headers=headers)
    assert refused.status == 403
    headers = {"X-Telegram-Bot-Api-Secret-Token": settings.webhook_secret}
    json_headers = {**headers, "Content-Type": "application/json"}
    assert (await client.post("/telegram/webhook", data="[", headers=json_headers)).status == 400
    accepted = await client.post("/telegram/webhook", json=update, headers=headers)
    assert accepted.status == 200
    await eventually(lambda: len(fake_telegram.of("sendMessage")) == 2)
    assert [body["message"] for body in fake_rasa.received] == ["Hallo"]
    menus = fake_telegram.of("setMyCommands")
    assert [menu.get("language_code") for menu in menus] == [None, "en"]


def test_html_is_escaped_and_bold_converted() -> None:
    assert to_html("**ZIM** & <script>x</script> a*b") == (
        "<b>ZIM</b> &amp; &lt;script&gt;x&lt;/script&gt; a*b"
    )


def test_split_prefers_paragraphs_then_lines_then_words() -> None:
    assert split_text("aaaa\n\nbbbb", limit=8) == ["aaaa", "bbbb"]
    assert split_text("aaaaa\nbbb ccc", limit=10) == ["aaaaa", "bbb ccc"]
    assert split_text("a\nbbbbb ccc", limit=10) == ["a\nbbbbb", "ccc"]
    assert split_text("x" * 20, limit=8) == ["x" * 8, "x" * 8, "x" * 4]
    assert split_text("😀" * 5, limit=4) == ["😀😀", "😀😀", "😀"]


def test_settings_need_a_token_and_a_webhook_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.setenv("TELEGRAM_MODE", "webhook")
    monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", "no spaces allowed")
    problems = TelegramSettings.from_settings(load_settings()).problems()
    assert any("TELEGRAM_BOT_TOKEN" in p for p in problems)
    assert any("TELEGRAM_WEBHOOK_SECRET" in p for p in problems)
    assert TOKEN not in repr(TelegramSettings(token=TOKEN))


def test_main_exits_clearly_without_a_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.delenv("TELEGRAM_MODE", raising=False)
    monkeypatch.setattr(channel, "configure_logging", lambda: None)
    with pytest.raises(SystemExit, match="TELEGRAM_BOT_TOKEN is not set"):
        channel.main()


TELEGRAM_CARD = {
    "kind": "programme",
    "id": "digitalbonus-test",
    "title": "Digitalbonus <Testland>",
    "subtitle": "Land",
    "language": "de",
    "funding_kind": "Zuschuss",
    "rate": "50 %",
    "maximum": "bis 10.000 €",
    "status": {
        "code": "ending_soon",
        "label": "Läuft nur noch bis 31.12.2026",
        "date": "2026-12-31",
    },
    "fits": ["fördert Software"],
    "details": [{"label": "Antrag", "text": "Online beim Land."}],
    "source_url": "https://example.org/q",
    "source_checked": "2026-11-01",
    "apply_url": "https://example.org/antrag",
}


async def test_a_card_is_a_compact_message_with_details_and_link_buttons(
    app: Application, telegram: Any, rasa: Any
) -> None:
    fake_telegram, _ = telegram
    fake_rasa, _ = rasa
    fake_rasa.replies = [{"custom": {"card": TELEGRAM_CARD, "text": "fallback"}}]
    fake_telegram.send_text("Förderung?")
    await eventually(lambda: len(fake_telegram.of("sendMessage")) == 1)
    sent = fake_telegram.of("sendMessage")[0]
    assert sent["text"].splitlines() == [
        "<b>Digitalbonus &lt;Testland&gt;</b> (Land)",
        "Zuschuss · 50 % · bis 10.000 €",
        "⏳ Läuft nur noch bis 31.12.2026",
        "Passt, weil: fördert Software",
    ]
    [row] = json.loads(sent["reply_markup"])["inline_keyboard"]
    assert row[0]["text"] == "Details"
    assert row[1] == {"text": "Antrag/Quelle", "url": "https://example.org/antrag"}

    fake_telegram.press(row[0]["callback_data"])
    await eventually(lambda: len(fake_telegram.of("sendMessage")) == 2)
    details = fake_telegram.of("sendMessage")[1]["text"]
    assert "<b>Antrag:</b> Online beim Land." in details
    assert "Quelle: https://example.org/q (geprüft am 01.11.2026)" in details
    assert len(fake_rasa.received) == 1  # details come from the card, not from Rasa
    assert fake_telegram.of("editMessageReplyMarkup") == []  # the card keeps its buttons


async def test_buttons_sent_before_a_restart_still_work_after_it(
    telegram: Any, rasa: Any, records_db: Path, tmp_path: Path
) -> None:
    fake_telegram, server = telegram
    fake_rasa, rasa_url = rasa
    store = tmp_path / "data" / "telegram_buttons.pickle"
    settings = replace(settings_for(server, rasa_url), button_store=store)
    payload = '/inform{"topic":"ai"}'
    fake_rasa.replies = [
        {"text": "Thema?", "buttons": [{"title": "KI", "payload": payload}]},
        {"custom": {"card": TELEGRAM_CARD, "text": "fallback"}},
    ]
    run = contextlib.asynccontextmanager(polling)
    async with run(settings):
        fake_telegram.send_text("Hallo")
        await eventually(lambda: len(fake_telegram.of("sendMessage")) == 2)
    question, card = fake_telegram.of("sendMessage")
    topic_data = json.loads(question["reply_markup"])["inline_keyboard"][0][0]["callback_data"]
    details_data = json.loads(card["reply_markup"])["inline_keyboard"][0][0]["callback_data"]
    assert len(topic_data.encode()) <= 64 and len(details_data.encode()) <= 64
    assert store.exists()
    assert b"Erika" not in store.read_bytes()  # buttons only, no user or chat data

    fake_rasa.replies = [{"text": "Danke."}]
    async with run(settings):  # a new process, the same data folder
        fake_telegram.press(topic_data)
        await eventually(lambda: len(fake_telegram.of("sendMessage")) == 3)
        fake_telegram.press(details_data)
        await eventually(lambda: len(fake_telegram.of("sendMessage")) == 4)
    assert [body["message"] for body in fake_rasa.received] == ["Hallo", payload]
    assert all("text" not in answer for answer in fake_telegram.of("answerCallbackQuery"))
    assert "<b>Antrag:</b> Online beim Land." in fake_telegram.of("sendMessage")[3]["text"]


async def test_without_the_button_store_an_old_button_has_expired(
    telegram: Any, rasa: Any, records_db: Path
) -> None:
    fake_telegram, server = telegram
    fake_rasa, rasa_url = rasa
    fake_rasa.replies = [{"text": "Thema?", "buttons": [{"title": "KI", "payload": "/x"}]}]
    run = contextlib.asynccontextmanager(polling)
    async with run(settings_for(server, rasa_url)):
        fake_telegram.send_text("Hallo")
        await eventually(lambda: len(fake_telegram.of("sendMessage")) == 1)
    markup = json.loads(fake_telegram.of("sendMessage")[0]["reply_markup"])
    async with run(settings_for(server, rasa_url)):
        fake_telegram.press(markup["inline_keyboard"][0][0]["callback_data"])
        await eventually(lambda: len(fake_telegram.of("answerCallbackQuery")) == 1)
    assert "abgelaufen" in fake_telegram.of("answerCallbackQuery")[0]["text"]
    assert len(fake_rasa.received) == 1


def test_the_button_store_lives_in_the_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("FOERDERLOTSE_DATA_DIR", str(tmp_path))
    assert (
        TelegramSettings.from_settings(load_settings()).button_store
        == tmp_path / "telegram_buttons.pickle"
    )
