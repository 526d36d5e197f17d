"""Load generator: concurrent multi-turn conversations through POST /api/chat (aiohttp).

Each simulated user pauses before each message (`pause_seconds`, drawn evenly from a range):
people arrive at different moments, read the answer and type, as in a real chat. A level without
pauses sends the next message at once and shows how answers queue when the service is saturated.

Bounded twice: each level stops starting requests after `max_requests` or `max_seconds`,
and every request has its own timeout. It only ever talks to the URL given (127.0.0.1).
"""

import asyncio
import random
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from bench.conversations import CONVERSATIONS, Turn
from bench.stats import summarize_ms, throughput

REQUEST_TIMEOUT_SECONDS = 60.0


@dataclass(frozen=True)
class Level:
    concurrency: int
    max_requests: int
    max_seconds: float
    pause_seconds: tuple[float, float] = (0.0, 0.0)  # a user's pause before each next message

    @property
    def paused(self) -> bool:
        return self.pause_seconds[1] > 0

    @property
    def label(self) -> str:
        return str(self.concurrency) if self.paused else f"{self.concurrency}, no pauses"


@dataclass
class Sample:
    kind: str
    seconds: float
    ok: bool
    status: int | None
    error: str | None = None


@dataclass
class Budget:
    max_requests: int
    deadline: float
    started: int = 0

    def take(self) -> bool:
        if self.started >= self.max_requests or time.monotonic() >= self.deadline:
            return False
        self.started += 1
        return True


@dataclass
class LevelResult:
    level: Level
    samples: list[Sample] = field(default_factory=list)
    wall_seconds: float = 0.0
    conversations: int = 0

    def to_json(self) -> dict[str, Any]:
        ok = [s for s in self.samples if s.ok]
        errors: dict[str, int] = {}
        for sample in self.samples:
            if not sample.ok:
                key = sample.error or f"HTTP {sample.status}"
                errors[key] = errors.get(key, 0) + 1
        by_kind = {}
        for kind in dict.fromkeys(s.kind for s in self.samples):
            by_kind[kind] = summarize_ms([s.seconds for s in ok if s.kind == kind])
        return {
            "concurrency": self.level.concurrency,
            "pause_seconds": list(self.level.pause_seconds),
            "label": self.level.label,
            "max_requests": self.level.max_requests,
            "max_seconds": self.level.max_seconds,
            "requests": len(self.samples),
            "conversations": self.conversations,
            "ok": len(ok),
            "errors": len(self.samples) - len(ok),
            "error_kinds": errors,
            "wall_seconds": round(self.wall_seconds, 2),
            "throughput_rps": round(throughput(len(ok), self.wall_seconds), 2)
            if self.wall_seconds > 0
            else 0.0,
            "latency": summarize_ms([s.seconds for s in ok]),
            "latency_by_kind": by_kind,
        }


@dataclass
class Conversation:
    """One conversation's sender id: None until the server issues one with the first answer."""

    sender_id: str | None = None


async def send(
    session: aiohttp.ClientSession, url: str, conversation: Conversation, turn: Turn
) -> Sample:
    body = {"message": turn.message}
    if conversation.sender_id:
        body["sender_id"] = conversation.sender_id
    start = time.perf_counter()
    try:
        async with session.post(f"{url}/api/chat", json=body) as response:
            payload = await response.json(content_type=None)
            elapsed = time.perf_counter() - start
            if isinstance(payload, dict) and isinstance(payload.get("sender_id"), str):
                conversation.sender_id = payload["sender_id"]
            ok = (
                response.status == 200
                and isinstance(payload, dict)
                and "error" not in payload
                and bool(payload.get("messages"))
            )
            error = None if ok else (payload or {}).get("error", {}).get("code")
            return Sample(turn.kind, elapsed, ok, response.status, error)
    except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
        return Sample(turn.kind, time.perf_counter() - start, False, None, type(exc).__name__)


async def run_level(url: str, level: Level, label: str) -> LevelResult:
    """`level.concurrency` workers, each running whole conversations one after another."""
    result = LevelResult(level)
    budget = Budget(level.max_requests, time.monotonic() + level.max_seconds)
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_SECONDS)
    connector = aiohttp.TCPConnector(limit=level.concurrency)

    async def worker(number: int, session: aiohttp.ClientSession) -> None:
        pauses = random.Random(number)  # the same pauses in every run
        conversation = number
        while True:
            script = CONVERSATIONS[conversation % len(CONVERSATIONS)]
            ids = Conversation()
            for position, turn in enumerate(script):
                if level.paused:  # also before a first message: users arrive at random
                    await asyncio.sleep(pauses.uniform(*level.pause_seconds))
                if not budget.take():
                    return
                result.conversations += position == 0
                result.samples.append(await send(session, url, ids, turn))
            conversation += level.concurrency

    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        start = time.perf_counter()
        await asyncio.gather(*(worker(i, session) for i in range(level.concurrency)))
        result.wall_seconds = time.perf_counter() - start
    return result


async def warm_up(url: str) -> list[Sample]:
    """One whole conversation of each script before measuring (first calls load caches)."""
    samples = []
    async with aiohttp.ClientSession(
        timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_SECONDS)
    ) as session:
        for script in CONVERSATIONS:
            conversation = Conversation()
            for turn in script:
                samples.append(await send(session, url, conversation, turn))
    return samples
