"""Fixtures shared by all tests: the shipped knowledge base, and the real stack (Rasa, action
server, web API) on free ports. The stack's clock is fixed (FOERDERLOTSE_TODAY), so no test
depends on the real date."""

import json
import os
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from bot.card_text import details_text, summary_text
from common.settings import load_settings
from knowledge.base import KnowledgeBase
from knowledge.embeddings import QueryCachingEmbedder, create_embedder
from knowledge.search import KnowledgeSearch
from knowledge.settings import KnowledgeSettings
from stack.services import Stack
from stack.settings import StackSettings, isolated

TODAY = "2026-11-24"
AFTER_YEAR_END = "2027-01-15"


@dataclass
class RunningStack:
    """The stack under test. Tests name their conversations freely ("greet-de"); the first
    message of a name starts a conversation without `sender_id`, and later ones send the id the
    server issued for it (`sender_ids[name]`)."""

    stack: Stack
    base_url: str
    sender_ids: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, stack: Stack) -> "RunningStack":
        """The started `stack`, reached at its web API."""
        return cls(stack, f"http://127.0.0.1:{stack.settings.web_port}")

    def chat(self, name: str, message: str, **extra: Any) -> tuple[int, dict[str, Any]]:
        """POST one message of conversation `name` to /api/chat; return status and JSON body."""
        body: dict[str, Any] = {"message": message, **extra}
        if name in self.sender_ids:
            body["sender_id"] = self.sender_ids[name]
        status, reply = self.request("/api/chat", body)
        if "sender_id" in reply:
            self.sender_ids.setdefault(name, reply["sender_id"])
        return status, reply

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
        """The bot's reply texts and button titles to one message, joined."""
        status, body = self.chat(sender_id, message)
        assert status == 200, body
        parts = []
        for item in body["messages"]:
            parts.append(item["text"])
            parts.extend(button["title"] for button in item["buttons"])
            if "card" in item:  # a result card: what a user sees of it, details included
                parts += [summary_text(item["card"]), details_text(item["card"])]
        return "\n".join(parts)


def start_stack(
    tmp_path_factory: pytest.TempPathFactory, knowledge: KnowledgeSettings, today: str
) -> Stack:
    os.environ.pop("TELEGRAM_BOT_TOKEN", None)  # no test may reach Telegram
    os.environ["RATE_LIMIT_PER_IP"] = "100000"  # tests send many messages from one address
    defaults = StackSettings.from_settings(load_settings())
    if not defaults.model_path.exists():
        pytest.fail(f"No trained model at {defaults.model_path}: run `make train` first.")
    data_dir: Path = tmp_path_factory.mktemp(f"stack-{today}")
    knowledge.copy_to(data_dir)
    settings = isolated(defaults, data_dir, today=today)
    stack = Stack(settings)
    stack.start()
    return stack


@contextmanager
def stack_running(
    tmp_path_factory: pytest.TempPathFactory, knowledge: KnowledgeSettings, today: str
) -> Iterator[RunningStack]:
    """A stack on a copy of `knowledge` with its clock at `today`, stopped afterwards."""
    stack = start_stack(tmp_path_factory, knowledge, today)
    try:
        yield RunningStack.of(stack)
    finally:
        stack.stop()


@pytest.fixture(scope="session")
def running_stack(
    tmp_path_factory: pytest.TempPathFactory, shipped_settings: KnowledgeSettings
) -> Iterator[RunningStack]:
    with stack_running(tmp_path_factory, shipped_settings, TODAY) as running:
        yield running


@pytest.fixture(scope="module")
def stack_after_year_end(
    tmp_path_factory: pytest.TempPathFactory, shipped_settings: KnowledgeSettings
) -> Iterator[RunningStack]:
    with stack_running(tmp_path_factory, shipped_settings, AFTER_YEAR_END) as running:
        yield running


@pytest.fixture(scope="session")
def embedder() -> QueryCachingEmbedder:
    """The real embedder, loaded once per test run."""
    return create_embedder(load_settings().knowledge_embedder)


def shipped_content_in(data_dir: Path) -> KnowledgeSettings:
    """A knowledge base in `data_dir` (a stack's or a test's) on the shipped content."""
    return KnowledgeSettings(
        db_path=data_dir / "knowledge.db", content_dir=load_settings().knowledge_content_dir
    )


@pytest.fixture(scope="session")
def shipped_settings(
    tmp_path_factory: pytest.TempPathFactory, embedder: QueryCachingEmbedder
) -> KnowledgeSettings:
    """The shipped content seeded into a knowledge base of its own (once per test run)."""
    settings = shipped_content_in(tmp_path_factory.mktemp("shipped-kb"))
    KnowledgeBase(settings, embedder).ensure()
    return settings


@pytest.fixture(scope="session")
def shipped_search(
    shipped_settings: KnowledgeSettings, embedder: QueryCachingEmbedder
) -> KnowledgeSearch:
    return KnowledgeBase(shipped_settings, embedder).open_search()
