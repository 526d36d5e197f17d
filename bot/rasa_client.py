"""The one way every channel talks to Rasa: its REST channel, plus health checks.

A turn is sent without asking first whether the services are up: when Rasa cannot be reached
or fails the turn (503, `action_failed` when a custom action could not run, see
`stack/rasa_guard.py`), `send` raises `RasaUnavailable` and the channel answers politely.

With several Rasa processes (`RASA_URL` and `ACTION_SERVER_BASE_URL` comma-separated, as
`make run-cluster` sets them) it is a small client-side balancer: each turn goes to the next
Rasa process in turn (round robin), and to the one after it when a process refuses or drops the
connection or answers 5xx. That is safe because all processes share the tracker store and the
lock store, and a turn that failed that way was not stored. A failed action is not retried
elsewhere: each Rasa process already tried every action server.
"""

import asyncio
import itertools
import logging
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import aiohttp

from bot.settings import BotSettings

logger = logging.getLogger(__name__)


class RasaUnavailable(Exception):
    """Rasa or the action server cannot answer right now."""

    def __init__(self, reason: str, retry_elsewhere: bool = False) -> None:
        super().__init__(reason)
        self.retry_elsewhere = retry_elsewhere  # another Rasa process may serve this turn


def split_urls(urls: str) -> list[str]:
    """A comma-separated list of base URLs, without trailing slashes."""
    parts = [url.strip().rstrip("/") for url in urls.split(",") if url.strip()]
    if not parts:
        raise ValueError("at least one URL is needed")
    return parts


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class BotMessage:
    """One bot reply: text (for a card, its short fallback), buttons, and an optional result
    card (see actions/cards.py) that channels render their own way."""

    text: str
    buttons: list[Button] = field(default_factory=list)
    card: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        message: dict[str, Any] = {
            "text": self.text,
            "buttons": [{"title": b.title, "payload": b.payload} for b in self.buttons],
        }
        if self.card is not None:
            message["card"] = self.card
        return message


def _card_of(item: dict[str, Any]) -> tuple[dict[str, Any], str] | None:
    """The card and its fallback text of a custom payload `{"card": {...}, "text": ...}`."""
    custom = item.get("custom")
    if not isinstance(custom, dict) or not isinstance(custom.get("card"), dict):
        return None
    fallback = custom.get("text")
    return custom["card"], fallback if isinstance(fallback, str) else ""


def parse_rasa_messages(payload: list[dict[str, Any]]) -> list[BotMessage]:
    """Turn the REST channel's reply into messages; parts without text, buttons or a card are
    dropped."""
    messages = []
    for item in payload:
        card = _card_of(item)
        if card is not None:
            messages.append(BotMessage(text=card[1], card=card[0]))
            continue
        buttons = [
            Button(title=str(b.get("title", "")), payload=str(b.get("payload", "")))
            for b in item.get("buttons") or []
        ]
        text = item.get("text") or ""
        if text or buttons:
            messages.append(BotMessage(text=text, buttons=buttons))
    return messages


async def _error_code(response: aiohttp.ClientResponse) -> str:
    """The `error.code` of Rasa's refusal of a turn (`stack/rasa_guard.py`), or "unknown"."""
    try:
        body = await response.json(content_type=None)
    except ValueError:
        return "unknown"
    error = body.get("error") if isinstance(body, dict) else None
    code = error.get("code") if isinstance(error, dict) else None
    return code if isinstance(code, str) else "unknown"


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
        self._rasa_urls = split_urls(rasa_url)
        self._auth = {"token": auth_token} if auth_token else {}
        self._action_server_urls = split_urls(action_server_url)
        self._turns = itertools.count()
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

    @property
    def rasa_urls(self) -> list[str]:
        return list(self._rasa_urls)

    def _rotation(self) -> list[str]:
        """The Rasa URLs starting at the next one in turn."""
        start = next(self._turns) % len(self._rasa_urls)
        return self._rasa_urls[start:] + self._rasa_urls[:start]

    async def send(
        self, sender_id: str, text: str, metadata: dict[str, Any] | None = None
    ) -> list[BotMessage]:
        """Send one user message and return the bot's replies (from the next Rasa process, or
        the one after it when that one is down)."""
        body = {"sender": sender_id, "message": text, "metadata": metadata or {}}
        last_error = "no Rasa process"
        for attempt, rasa_url in enumerate(self._rotation()):
            try:
                return await self._send_to(rasa_url, body)
            except RasaUnavailable as error:
                last_error = str(error)
                if not error.retry_elsewhere:
                    break
            if attempt + 1 < len(self._rasa_urls):
                logger.warning(
                    "rasa process unavailable, trying the next", extra={"attempt": attempt + 1}
                )
        raise RasaUnavailable(last_error)

    async def _send_to(self, rasa_url: str, body: dict[str, Any]) -> list[BotMessage]:
        try:
            async with self._session.post(
                f"{rasa_url}/webhooks/rest/webhook", json=body, timeout=self._timeout
            ) as response:
                if response.status != 200:
                    code = await _error_code(response)
                    raise RasaUnavailable(
                        f"Rasa answered HTTP {response.status} ({code})",
                        retry_elsewhere=response.status >= 500 and code != "action_failed",
                    )
                return parse_rasa_messages(await response.json())
        except TimeoutError as error:  # slow, not dead: retrying elsewhere could run it twice
            raise RasaUnavailable("timeout") from error
        except aiohttp.ClientConnectionError as error:
            # refused, reset or dropped: the turn was not stored, another process may serve it
            raise RasaUnavailable(type(error).__name__, retry_elsewhere=True) from error
        except aiohttp.ClientError as error:
            raise RasaUnavailable(type(error).__name__) from error

    async def conversation_events(self, sender_id: str) -> list[dict[str, Any]]:
        """The events of a sender's conversation since its last restart."""
        events = (await self._tracker(sender_id, {})).get("events")
        return [event for event in events or [] if isinstance(event, dict)]

    async def conversation_language(self, sender_id: str) -> str | None:
        """The language the bot speaks in a sender's conversation (its `language` slot), or
        None when Rasa cannot say."""
        try:
            tracker = await self._tracker(sender_id, {"include_events": "NONE"})
        except RasaUnavailable:
            return None
        slots = tracker.get("slots")
        language = slots.get("language") if isinstance(slots, dict) else None
        return language if language in ("de", "en") else None

    async def _tracker(self, sender_id: str, params: dict[str, str]) -> dict[str, Any]:
        """A sender's tracker from Rasa's tracker API (any Rasa process can answer, the first
        that does is used)."""
        failure = RasaUnavailable("no Rasa process")
        for url in self._rasa_urls:
            try:
                async with self._session.get(
                    f"{url}/conversations/{quote(sender_id, safe='')}/tracker",
                    params={**params, **self._auth},
                    timeout=self._timeout,
                ) as response:
                    if response.status != 200:
                        raise RasaUnavailable(f"Rasa answered HTTP {response.status}")
                    body = await response.json()
            except (aiohttp.ClientError, TimeoutError, ValueError, RasaUnavailable) as error:
                failure = (
                    error if isinstance(error, RasaUnavailable) else RasaUnavailable(str(error))
                )
                continue
            return body if isinstance(body, dict) else {}
        raise failure

    async def health(self) -> dict[str, bool]:
        """Whether Rasa (with a loaded model) and the action server answer – with several
        processes, whether at least one of each does (`/healthz`; chat turns do not ask)."""
        rasa, actions = await asyncio.gather(
            self._any_answers([f"{url}/status" for url in self._rasa_urls], self._auth),
            self._any_answers([f"{url}/health" for url in self._action_server_urls]),
        )
        return {"rasa": rasa, "action_server": actions}

    async def _any_answers(self, urls: list[str], params: dict[str, str] | None = None) -> bool:
        for url in urls:
            if await self._answers(url, params):
                return True
        return False

    async def _answers(self, url: str, params: dict[str, str] | None = None) -> bool:
        try:
            async with self._session.get(
                url, params=params, timeout=self._health_timeout
            ) as response:
                return response.status == 200
        except (TimeoutError, aiohttp.ClientError):
            return False
