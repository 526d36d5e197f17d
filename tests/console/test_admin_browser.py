"""The console in a real browser against the real stack: sign in, change a programme's maximum
amount, wait until the console says the change is live, and see the bot's answer change.

The console runs in its own aiohttp server (as it would when mounted in the web API) on the
same knowledge database as the stack's action server.
"""

import asyncio
import os
import re
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from aiohttp import web
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from console import AdminSettings, create_admin_app
from console.accounts import Accounts
from knowledge.embeddings import QueryCachingEmbedder
from knowledge.settings import KnowledgeSettings
from stack.settings import free_port
from tests.browser.conftest import chromium
from tests.conftest import TODAY, RunningStack, start_stack

USER = "redaktion"
PASSWORD = "browser-test-passwort"
QUESTION = "Wie hoch ist der Digitalbonus Bayern?"


class ConsoleServer:
    """The console mounted under /admin, served from a background thread's event loop."""

    def __init__(self, app: web.Application, port: int) -> None:
        self.port = port
        self.base_url = f"http://127.0.0.1:{port}"
        self._root = web.Application()
        self._root.add_subapp("/admin", app)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner = web.AppRunner(self._root, access_log=None)

    async def _start(self) -> None:
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    def start(self) -> None:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=30)

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(timeout=30)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=30)


@dataclass
class ConsoleStack:
    stack: RunningStack
    console_url: str


@pytest.fixture(scope="module")
def console_stack(
    tmp_path_factory: pytest.TempPathFactory,
    shipped_settings: KnowledgeSettings,
    embedder: QueryCachingEmbedder,
) -> Iterator[ConsoleStack]:
    stack = start_stack(tmp_path_factory, shipped_settings, TODAY)
    data_dir = stack.settings.data_dir
    settings = AdminSettings(
        db_path=tmp_path_factory.mktemp("admin") / "admin.db",
        knowledge=KnowledgeSettings(
            db_path=data_dir / "knowledge.db",
            content_dir=shipped_settings.content_dir,
            embedder=shipped_settings.embedder,
        ),
        records_db=data_dir / "records.db",
        tracker_db=stack.settings.tracker_db,
        secret_key=os.urandom(32),
    )
    Accounts(settings.db_path).create(USER, PASSWORD)
    server = ConsoleServer(create_admin_app(settings, embedder), free_port())
    try:
        server.start()
        running = RunningStack.of(stack)
        yield ConsoleStack(running, server.base_url)
    finally:
        server.stop()
        stack.stop()


@pytest.fixture(scope="module")
def console_browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


def bot_answer(stack: RunningStack) -> str:
    """The answer to QUESTION in a fresh conversation."""
    return stack.texts(f"admin-browser-{uuid.uuid4().hex[:8]}", QUESTION)


def wait_for_answer(stack: RunningStack, expected: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    answer = ""
    while time.monotonic() < deadline:
        answer = bot_answer(stack)
        if expected in answer:
            return answer
        time.sleep(1)
    raise AssertionError(f"{expected!r} not in the answer after {seconds} s:\n{answer}")


def sign_in(page: Page, base_url: str) -> None:
    page.goto(base_url + "/admin/knowledge")
    expect(page.get_by_role("heading", name="Anmelden")).to_be_visible()
    page.get_by_label("Benutzername").fill(USER)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", name="Wissen")).to_be_visible()


def test_a_changed_maximum_amount_reaches_the_chat_once_live(
    console_browser: Browser, console_stack: ConsoleStack, tmp_path: Path
) -> None:
    stack = console_stack.stack
    before = bot_answer(stack)
    assert "Digitalbonus Bayern" in before and "31.000 €" not in before, before

    context = console_browser.new_context(locale="de-DE", viewport={"width": 1200, "height": 900})
    page = context.new_page()
    errors: list[str] = []

    def collect_error(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", collect_error)
    sign_in(page, console_stack.console_url)

    page.get_by_label("Suche").fill("Digitalbonus Bayern")
    page.get_by_role("button", name="Filtern").click()
    page.get_by_role("link", name="by-digitalbonus-bayern").click()
    page.get_by_role("link", name="Bearbeiten").click()
    amount = page.locator("#f-max_amount_eur")
    expect(amount).to_have_value("30000")

    amount.fill("31.000")
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator(".field-error")).to_contain_text("ganze Zahl")

    page.locator("#f-max_amount_eur").fill("31000")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("status").filter(has_text="Gespeichert")).to_be_visible()
    expect(page.locator("#live-status")).to_contain_text("Live", timeout=120_000)

    wait_for_answer(stack, "bis 31.000 €")

    page.get_by_role("link", name="Protokoll").click()
    expect(page.locator("table")).to_contain_text("max_amount_eur")
    expect(page.locator("table")).to_contain_text(USER)

    page.get_by_role("link", name="Auswertung").click()
    expect(page.get_by_role("heading", name="Nachrichten pro Tag und Kanal")).to_be_visible()
    expect(page.locator("svg.chart").first).to_be_visible()
    screenshots = Path(os.environ.get("ADMIN_SCREENSHOT_DIR", tmp_path))
    screenshots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(screenshots / "admin-insights.png"))
    assert not [e for e in errors if re.search("Content Security Policy|Refused", e)], errors
    context.close()
