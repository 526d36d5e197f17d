"""Telegram against the real stack (Rasa, actions, knowledge) and a fake Bot API: a funding
question gets one compact card message per programme with "Details" and link buttons, and a
"Details" press shows the card's details. The run is written to docs/telegram-transcript.md,
which the README shows."""

import asyncio
import html
import json
import re
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from aiohttp.test_utils import TestServer
from telegram.ext import Application

from bot.settings import BotSettings
from tests.bot.test_telegram import FakeTelegram, eventually, polling, settings_for
from tests.conftest import RunningStack

DOCS = Path(__file__).resolve().parents[2] / "docs"
QUESTION = (
    "Ich habe einen Elektrobetrieb in München mit 15 Mitarbeitern und will eine Software "
    "einführen. Gibt es Zuschüsse?"
)


async def settled(fake: FakeTelegram, quiet_seconds: float = 2.0) -> list[dict[str, Any]]:
    """The messages sent once no new one arrived for `quiet_seconds` (one turn's replies)."""
    count = -1
    while count != len(fake.of("sendMessage")):
        count = len(fake.of("sendMessage"))
        await asyncio.sleep(quiet_seconds)
    return list(fake.of("sendMessage"))


def plain(markup: str) -> str:
    """A sent HTML message as Markdown-ish text for the transcript."""
    return html.unescape(re.sub(r"</?b>", "**", markup))


def buttons_of(params: dict[str, Any]) -> list[dict[str, Any]]:
    markup = params.get("reply_markup")
    return [b for row in json.loads(markup)["inline_keyboard"] for b in row] if markup else []


@asynccontextmanager
async def adapter(telegram_url: Any, stack: RunningStack) -> AsyncIterator[Application]:
    settings = settings_for(telegram_url, "")
    rasa_url = f"http://127.0.0.1:{stack.stack.settings.rasa_port}"
    settings = type(settings)(
        token=settings.token,
        base_url=settings.base_url,
        rasa=BotSettings(rasa_url=rasa_url, action_server_url=rasa_url, rasa_timeout_seconds=60),
    )
    async for application in polling(settings):
        yield application


def test_a_funding_answer_in_telegram_is_one_card_message_per_programme(
    running_stack: RunningStack,
) -> None:
    # Its own event loop in a thread: the browser tests' sync Playwright may hold this one.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, telegram_run(running_stack)).result(timeout=180)


async def telegram_run(running_stack: RunningStack) -> None:
    fake = FakeTelegram()
    server = TestServer(fake.app())
    await server.start_server()
    try:
        await converse(fake, server, running_stack)
    finally:
        await server.close()


async def converse(fake: FakeTelegram, server: TestServer, running_stack: RunningStack) -> None:
    transcript = [f"**Nutzerin:** {QUESTION}", ""]
    async with adapter(server, running_stack):
        fake.send_text(QUESTION)
        await eventually(lambda: any("hilfreich" in p["text"] for p in fake.of("sendMessage")), 60)
        answer = await settled(fake)
        cards = [p for p in answer if any(b["text"] == "Details" for b in buttons_of(p))]
        assert 1 <= len(cards) <= 3
        for card in cards:
            [_details, link] = buttons_of(card)
            assert link["text"] == "Antrag/Quelle" and link["url"].startswith("https://")
            assert len(card["text"]) < 700  # compact: one phone screen
        fake.press(buttons_of(cards[0])[0]["callback_data"])
        await eventually(lambda: len(fake.of("sendMessage")) > len(answer), 30)
    shown_details = fake.of("sendMessage")[len(answer)]
    assert "Quelle: https://" in plain(shown_details["text"])

    for params in answer:
        transcript.append("**Förderlotse:** " + plain(params["text"]).replace("\n", "  \n"))
        titles = [
            f"[{b['text']}]" + (f"({b['url']})" if "url" in b else "") for b in buttons_of(params)
        ]
        if titles:
            transcript.append("  \n" + " ".join(titles))
        transcript.append("")
    transcript += [
        "*(tippt auf „Details“ der ersten Karte)*",
        "",
        "**Förderlotse:** " + plain(shown_details["text"]).replace("\n\n", "  \n"),
        "",
    ]
    DOCS.mkdir(exist_ok=True)
    (DOCS / "telegram-transcript.md").write_text("\n".join(transcript), encoding="utf-8")
