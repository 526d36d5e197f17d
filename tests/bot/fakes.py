"""Fakes of Rasa's REST channel and status endpoint and the action server's health endpoint."""

import asyncio
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.settings import BotSettings


def save_turn(tracker_db: Path, sender_id: str, message: str) -> None:
    """What Rasa's SQL tracker store does when a turn ends: write the user's event."""
    with closing(sqlite3.connect(tracker_db)) as connection:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, sender_id TEXT, "
            "type_name TEXT, data TEXT)"
        )
        connection.execute(
            "INSERT INTO events (sender_id, type_name, data) VALUES (?, 'user', ?)",
            [sender_id, message],
        )
        connection.commit()


def saved_senders(tracker_db: Path) -> list[str]:
    """The sender ids with events in the fake tracker store."""
    if not tracker_db.exists():
        return []
    with closing(sqlite3.connect(tracker_db)) as connection:
        return [row[0] for row in connection.execute("SELECT sender_id FROM events")]


class FakeBackend:
    """Plays Rasa's REST channel and status endpoint and the action server's health. With the
    action server down, Rasa fails each turn as `stack/rasa_guard.py` makes it do."""

    def __init__(self) -> None:
        self.action_server_up = True
        self.rasa_status = 200
        self.received: list[dict[str, Any]] = []
        self.silent = False
        self.health_delay = 0.0
        self.required_token: str | None = None
        self.reply_delay = 0.0
        self.tracker_db: Path | None = None
        self.replies: list[dict[str, Any]] | None = None
        self.events: dict[str, list[dict[str, Any]]] = {}
        self.tracker_queries: list[dict[str, str]] = []
        self.health_checks = 0
        self.language: str | None = None  # the conversation's `language` slot

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/webhooks/rest/webhook", self.webhook)
        app.router.add_get("/status", self.status)
        app.router.add_get("/health", self.health)
        app.router.add_get("/conversations/{sender}/tracker", self.tracker)
        return app

    async def tracker(self, request: web.Request) -> web.Response:
        """Rasa's tracker API: the events of one conversation."""
        self.tracker_queries.append(dict(request.query))
        if self.rasa_status != 200:
            return web.json_response({}, status=self.rasa_status)
        sender = request.match_info["sender"]
        return web.json_response(
            {
                "sender_id": sender,
                "slots": {"language": self.language},
                "events": self.events.get(sender, []),
            }
        )

    async def webhook(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.received.append(body)
        await asyncio.sleep(self.reply_delay)
        if not self.action_server_up:
            return web.json_response({"error": {"code": "action_failed"}}, status=503)
        if self.tracker_db is not None:
            save_turn(self.tracker_db, body["sender"], body["message"])
        if self.silent:
            return web.json_response([])
        if self.replies is not None:
            return web.json_response(self.replies)
        return web.json_response(
            [
                {"recipient_id": body["sender"], "text": f"Echo: {body['message']}"},
                {
                    "recipient_id": body["sender"],
                    "text": "Mehr?",
                    "buttons": [{"title": "Ja", "payload": "/affirm"}],
                },
            ]
        )

    async def status(self, request: web.Request) -> web.Response:
        self.health_checks += 1
        if self.required_token and request.query.get("token") != self.required_token:
            return web.json_response({"reason": "NotAuthenticated"}, status=401)
        return web.json_response({"model_file": "m.tar.gz"}, status=self.rasa_status)

    async def health(self, request: web.Request) -> web.Response:
        self.health_checks += 1
        await asyncio.sleep(self.health_delay)
        if not self.action_server_up:
            return web.Response(status=503)
        return web.json_response({"status": "ok"})


ALLOWED_ORIGIN = "https://handwerk-beispiel.de"


def settings_for(server: TestServer, **overrides: Any) -> BotSettings:
    url = str(server.make_url("")).rstrip("/")
    return BotSettings(
        rasa_url=url,
        action_server_url=url,
        max_message_chars=2000,
        allowed_origins=(ALLOWED_ORIGIN,),
        **overrides,
    )
