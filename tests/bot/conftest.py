"""Fixtures of the web API tests: a fake Rasa and action server, and the app in front of it."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.web import create_app
from tests.bot.fakes import FakeBackend, settings_for


@dataclass(frozen=True)
class StorePaths:
    tracker: Path  # Rasa's tracker store (RASA_TRACKER_DB)
    records: Path  # feedback, handovers, … (RECORDS_DB)


@pytest.fixture
def store_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> StorePaths:
    """The conversation stores in the test's own folder, named in the environment."""
    paths = StorePaths(tracker=tmp_path / "tracker.db", records=tmp_path / "records.db")
    monkeypatch.setenv("RASA_TRACKER_DB", str(paths.tracker))
    monkeypatch.setenv("RECORDS_DB", str(paths.records))
    return paths


@pytest.fixture
async def backend(aiohttp_server: Any) -> tuple[FakeBackend, TestServer]:
    fake = FakeBackend()
    # No access log: it would show the fake Rasa's tracker URLs with sender ids, which the real
    # Rasa does not log (its `sanic.access` logger is at LOG_LEVEL_LIBRARIES, ERROR).
    server = await aiohttp_server(fake.app(), access_log=None)
    return fake, server


@pytest.fixture
async def client(backend: tuple[FakeBackend, TestServer], aiohttp_client: Any) -> TestClient:
    _, server = backend
    return await aiohttp_client(create_app(settings_for(server)))
