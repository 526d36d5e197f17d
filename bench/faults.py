"""Faults under load: simulated users chat through the web API while one Rasa process and one
action server are killed with SIGKILL; afterwards every acknowledged turn is looked up in Rasa's
tracker store (through Rasa's HTTP API).

- A turn is *acknowledged* when the web API answered it with 200 and bot messages. Each user
  keeps the texts of its acknowledged turns; a turn is *lost* when it is not, in order, among
  the user messages of that conversation's tracker.
- A refused turn must be the polite 503 ("vorübergehend nicht erreichbar"); the user sends the
  same message again after a pause. Anything else (another status, a timeout) is *impolite*.
- *Recovery*: seconds from the kill until every user's turns succeed again (the last failed
  turn), and until the killed processes are healthy again (restarted by the supervisor).

Bounded: `users` users for `seconds` seconds, on 127.0.0.1 only.
"""

import asyncio
import concurrent.futures
import json
import os
import random
import signal
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from bench.conversations import CONVERSATIONS
from stack.cluster import Cluster
from stack.services import Service

POLITE_MARKER = "vorübergehend nicht erreichbar"


@dataclass
class User:
    """One simulated user: its conversation and what the server acknowledged."""

    number: int
    sender_id: str | None = None
    acknowledged: list[str] = field(default_factory=list)
    polite_retries: int = 0
    impolite: list[str] = field(default_factory=list)
    failed_at: list[float] = field(default_factory=list)


@dataclass
class FaultResult:
    users: int
    acknowledged_turns: int
    lost_turns: int
    polite_retries: int
    impolite_errors: int
    impolite_kinds: dict[str, int]
    killed: list[str]
    recovery_seconds_users: float
    recovery_seconds_processes: dict[str, float | None]
    wall_seconds: float

    def to_json(self) -> dict[str, Any]:
        return dict(vars(self))


def kill(service: Service) -> None:
    """SIGKILL to the service's whole process group (a crash, no clean-up)."""
    if service.process is not None and service.process.poll() is None:
        os.killpg(service.process.pid, signal.SIGKILL)


async def _turn(session: aiohttp.ClientSession, url: str, user: User, message: str) -> bool:
    body: dict[str, Any] = {"message": message}
    if user.sender_id:
        body["sender_id"] = user.sender_id
    try:
        async with session.post(f"{url}/api/chat", json=body) as response:
            payload = await response.json(content_type=None)
    except (aiohttp.ClientError, TimeoutError, ValueError) as error:
        user.impolite.append(type(error).__name__)
        user.failed_at.append(time.monotonic())
        return False
    if isinstance(payload, dict) and isinstance(payload.get("sender_id"), str):
        user.sender_id = payload["sender_id"]
    if response.status == 200 and payload.get("messages"):
        user.acknowledged.append(message)
        return True
    user.failed_at.append(time.monotonic())
    texts = " ".join(m.get("text", "") for m in payload.get("messages", []))
    if response.status == 503 and POLITE_MARKER in texts:
        user.polite_retries += 1
    else:
        user.impolite.append(f"HTTP {response.status}")
    return False


async def _chat(url: str, users: list[User], seconds: float, pause: tuple[float, float]) -> None:
    deadline = time.monotonic() + seconds
    timeout = aiohttp.ClientTimeout(total=45)

    async def run(user: User, session: aiohttp.ClientSession) -> None:
        pauses = random.Random(user.number)
        script = [t.message for t in CONVERSATIONS[user.number % len(CONVERSATIONS)]]
        position = 0
        while time.monotonic() < deadline:
            await asyncio.sleep(pauses.uniform(*pause))
            if await _turn(session, url, user, script[position % len(script)]):
                position += 1  # a refused turn is sent again

    async with aiohttp.ClientSession(timeout=timeout) as session:
        await asyncio.gather(*(run(user, session) for user in users))


def supervise(cluster: Cluster, stop: threading.Event) -> None:
    """What `python -m stack cluster` does every second: restart services that died."""
    while not stop.wait(0.5):
        cluster.supervise()


def tracker_user_texts(cluster: Cluster, sender_id: str) -> list[str]:
    """The user messages of a conversation, from any Rasa process that answers."""
    for port in cluster.cluster.rasa_ports:
        url = (
            f"http://127.0.0.1:{port}/conversations/{sender_id}/tracker"
            f"?token={cluster.rasa_auth_token}"
        )
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                tracker = json.loads(response.read())
        except OSError:
            continue
        return [e.get("text") or "" for e in tracker["events"] if e["event"] == "user"]
    raise RuntimeError("no Rasa process answers")


def lost_turns(acknowledged: list[str], stored: list[str]) -> int:
    """How many acknowledged messages are missing from `stored` (in order, as a subsequence)."""
    position, found = 0, 0
    for text in acknowledged:
        try:
            position = stored.index(text, position) + 1
        except ValueError:
            continue  # lost; look for the next one from the same place
        found += 1
    return len(acknowledged) - found


def watch_recovery(
    services: list[Service], killed_at: float, limit: float, seen: dict[str, float]
) -> None:
    """Note in `seen` when each killed service is healthy again (seconds after the kill)."""
    while len(seen) < len(services) and time.monotonic() - killed_at < limit:
        for service in services:
            if service.name not in seen and service.is_running() and service.is_healthy():
                seen[service.name] = round(time.monotonic() - killed_at, 2)
        time.sleep(0.25)


def fault_run(
    cluster: Cluster,
    users: int = 8,
    seconds: float = 30.0,
    kill_after: float = 8.0,
    pause: tuple[float, float] = (0.3, 1.0),
    victims: tuple[str, ...] = ("rasa-2", "action-server-1"),
    recovery_limit: float = 240.0,
) -> FaultResult:
    """Chat for `seconds`, kill `victims` after `kill_after` seconds, and account for every
    acknowledged turn. The supervisor restarts the victims meanwhile."""
    url = f"http://127.0.0.1:{cluster.settings.web_port}"
    people = [User(number) for number in range(users)]
    stop = threading.Event()
    supervisor = threading.Thread(target=supervise, args=(cluster, stop), daemon=True)
    supervisor.start()
    killed_at: list[float] = []
    healthy_again: dict[str, float] = {}
    services = [cluster.service(name) for name in victims]

    def killer() -> None:
        time.sleep(kill_after)
        killed_at.append(time.monotonic())
        for service in services:
            kill(service)
        time.sleep(0.5)  # the supervisor notices the exit; the old process no longer answers
        watch_recovery(services, killed_at[0], recovery_limit, healthy_again)

    started = time.monotonic()
    watcher = threading.Thread(target=killer, daemon=True)
    watcher.start()
    try:
        # In a thread of its own: callers (tests) may already run an event loop here.
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(asyncio.run, _chat(url, people, seconds, pause)).result()
        wall = time.monotonic() - started
        watcher.join(timeout=recovery_limit + kill_after)
        processes = {name: healthy_again.get(name) for name in victims}
    finally:
        stop.set()
        supervisor.join()
    lost = sum(
        lost_turns(user.acknowledged, tracker_user_texts(cluster, user.sender_id))
        for user in people
        if user.sender_id
    )
    failures = [at for user in people for at in user.failed_at if at >= killed_at[0]]
    kinds: dict[str, int] = {}
    for user in people:
        for kind in user.impolite:
            kinds[kind] = kinds.get(kind, 0) + 1
    return FaultResult(
        users=users,
        acknowledged_turns=sum(len(u.acknowledged) for u in people),
        lost_turns=lost,
        polite_retries=sum(u.polite_retries for u in people),
        impolite_errors=sum(kinds.values()),
        impolite_kinds=kinds,
        killed=list(victims),
        recovery_seconds_users=round(max(failures) - killed_at[0], 2) if failures else 0.0,
        recovery_seconds_processes=processes,
        wall_seconds=round(wall, 2),
    )
