"""Starts the real stack (Rasa, action server, web API) once per test session on free ports."""

import json
import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from stack.services import Stack
from stack.settings import StackSettings


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class RunningStack:
    stack: Stack
    base_url: str

    def chat(self, sender_id: str, message: str, **extra: Any) -> tuple[int, dict[str, Any]]:
        """POST one message to /api/chat and return the status and JSON body."""
        return self.request("/api/chat", {"sender_id": sender_id, "message": message, **extra})

    def request(self, path: str, body: dict[str, Any] | None = None) -> tuple[int, dict[str, Any]]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.base_url + path, data=data, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def texts(self, sender_id: str, message: str) -> str:
        """The bot's reply texts to one message, joined."""
        status, body = self.chat(sender_id, message)
        assert status == 200, body
        return "\n".join(m["text"] for m in body["messages"])


@pytest.fixture(scope="session")
def running_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStack]:
    defaults = StackSettings.from_env()
    if not defaults.model_path.exists():
        pytest.fail(f"No trained model at {defaults.model_path}: run `make train` first.")
    data_dir: Path = tmp_path_factory.mktemp("stack")
    settings = replace(
        defaults,
        rasa_port=free_port(),
        action_port=free_port(),
        web_port=free_port(),
        data_dir=data_dir,
        tracker_db=data_dir / "tracker.db",
    )
    stack = Stack(settings)
    try:
        stack.start()
        yield RunningStack(stack=stack, base_url=f"http://127.0.0.1:{settings.web_port}")
    finally:
        stack.stop()
