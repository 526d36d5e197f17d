"""The one way every channel talks to Rasa: its REST channel, plus health checks."""

import logging
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from bot.settings import BotSettings

logger = logging.getLogger(__name__)


class RasaUnavailable(Exception):
    """Rasa or the action server cannot answer right now."""


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class BotMessage:
    text: str
    buttons: list[Button] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "buttons": [{"title": b.title, "payload": b.payload} for b in self.buttons],
        }


def parse_rasa_messages(payload: list[dict[str, Any]]) -> list[BotMessage]:
    """Turn the REST channel's reply into messages; parts without text or buttons are dropped."""
    messages = []
    for item in payload:
        buttons = [
            Button(title=str(b.get("title", "")), payload=str(b.get("payload", "")))
            for b in item.get("buttons") or []
        ]
        text = item.get("text") or ""
        if text or buttons:
            messages.append(BotMessage(text=text, buttons=buttons))
    return messages


class RasaClient:
    """Relays user messages to Rasa over one shared HTTP session."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        rasa_url: str,
        action_server_url: str,
        timeout_seconds: float = 30.0,
        health_timeout_seconds: float = 2.0,
        auth_token: str = "",
    ) -> None:
        self._session = session
        self._rasa_url = rasa_url.rstrip("/")
        self._auth = {"token": auth_token} if auth_token else {}
        self._action_server_url = action_server_url.rstrip("/")
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)
        self._health_timeout = aiohttp.ClientTimeout(total=health_timeout_seconds)

    @classmethod
    def from_settings(cls, session: aiohttp.ClientSession, settings: BotSettings) -> "RasaClient":
        return cls(
            session,
            settings.rasa_url,
            settings.action_server_url,
            timeout_seconds=settings.rasa_timeout_seconds,
            health_timeout_seconds=settings.health_timeout_seconds,
            auth_token=settings.rasa_auth_token,
        )

    async def send(
        self, sender_id: str, text: str, metadata: dict[str, Any] | None = None
    ) -> list[BotMessage]:
        """Send one user message and return the bot's replies."""
        body = {"sender": sender_id, "message": text, "metadata": metadata or {}}
        try:
            async with self._session.post(
                f"{self._rasa_url}/webhooks/rest/webhook", json=body, timeout=self._timeout
            ) as response:
                if response.status != 200:
                    raise RasaUnavailable(f"Rasa answered HTTP {response.status}")
                return parse_rasa_messages(await response.json())
        except (aiohttp.ClientError, TimeoutError) as error:
            raise RasaUnavailable(str(error)) from error

    async def health(self, slow_counts_as_up: bool = False) -> dict[str, bool]:
        """Whether Rasa (with a loaded model) and the action server answer.

        With `slow_counts_as_up`, a service that accepts the connection but is slow to answer
        counts as up: a busy server is not a dead one (used before relaying a chat message).
        """
        return {
            "rasa": await self._answers(
                f"{self._rasa_url}/status", slow_counts_as_up, params=self._auth
            ),
            "action_server": await self._answers(
                f"{self._action_server_url}/health", slow_counts_as_up
            ),
        }

    async def _answers(
        self, url: str, slow_counts_as_up: bool, params: dict[str, str] | None = None
    ) -> bool:
        try:
            async with self._session.get(
                url, params=params, timeout=self._health_timeout
            ) as response:
                return response.status == 200
        except TimeoutError:
            return slow_counts_as_up
        except aiohttp.ClientError:
            return False
