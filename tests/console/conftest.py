"""A small knowledge base, empty records and tracker, and the console mounted under /admin."""

import functools
import re
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from argon2 import PasswordHasher

from common.settings import load_settings
from console import AdminSettings, create_admin_app
from console.accounts import Accounts
from console.audit import AuditLog
from console.forms import data_to_form
from knowledge.base import KnowledgeBase
from knowledge.content import LocatedEntry, RawEntry, entry_to_data, validate_raw
from knowledge.embeddings import QueryCachingEmbedder
from knowledge.settings import KnowledgeSettings
from knowledge.store import KnowledgeStore, entry_hash

USER = "anna"
PASSWORD = "richtig-geheim-42"
TODAY = "2026-11-24"

ENTRIES: list[tuple[str, dict[str, Any]]] = [
    (
        "programme",
        {
            "id": "digitalbonus-test",
            "name": "Digitalbonus Testland",
            "funder": "Wirtschaftsministerium Bayern",
            "level": "state",
            "states": ["BY"],
            "topics": ["it_security", "software"],
            "funding_type": "grant",
            "rate_percent": 50,
            "max_amount_eur": 7500,
            "summary_de": "Zuschuss für kleine Firmen in Bayern, die Software einführen.",
            "valid_from": "2024-07-01",
            "valid_until": "2027-12-31",
            "source_url": "https://example.org/digitalbonus",
            "last_checked": "2026-11-01",
        },
    ),
    (
        "programme",
        {
            "id": "forschung-bund",
            "name": "Innovationsprogramm Forschung",
            "funder": "Bund",
            "level": "federal",
            "topics": ["research"],
            "funding_type": "grant",
            "summary_de": "Zuschuss für Forschungs- und Entwicklungsprojekte.",
            "source_url": "https://example.org/forschung",
            "last_checked": "2026-11-01",
        },
    ),
    (
        "programme",
        {
            "id": "alter-beratungsscheck",
            "name": "Beratungsscheck Digital",
            "funder": "Bund",
            "level": "federal",
            "funding_type": "consulting",
            "summary_de": "Geförderte Beratung zur Digitalisierung.",
            "valid_until": "2024-12-31",
            "successor": "forschung-bund",
            "source_url": "https://example.org/alt",
            "last_checked": "2026-11-01",
        },
    ),
    (
        "faq",
        {
            "id": "faq-kmu",
            "question_de": "Wer zählt als KMU?",
            "answer_de": "Unternehmen mit weniger als 250 Beschäftigten.",
            "source_url": "https://example.org/kmu",
            "last_checked": "2026-11-01",
        },
    ),
]


def write_knowledge(path: Path, embedder: QueryCachingEmbedder) -> None:
    raws = [RawEntry("test", i, kind, data) for i, (kind, data) in enumerate(ENTRIES)]  # type: ignore[arg-type]
    located = [LocatedEntry(e, f"{e.kind}s/test.yaml", i) for i, e in enumerate(validate_raw(raws))]
    settings = KnowledgeSettings(db_path=path, content_dir=path.parent)
    KnowledgeBase(settings, embedder).import_located(located, "test", False, False, seed=True)


def audit_log(settings: AdminSettings) -> AuditLog:
    """The console's audit log: knowledge changes and console actions."""
    return AuditLog(settings.db_path, KnowledgeStore(settings.knowledge.db_path))


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 with its smallest cost, so the tests do not spend seconds hashing."""
    cheap = functools.partial(PasswordHasher, time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr("console.accounts.PasswordHasher", cheap)


@pytest.fixture
def admin_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embedder: QueryCachingEmbedder
) -> AdminSettings:
    env = {
        "KNOWLEDGE_DB": tmp_path / "knowledge.db",
        "RECORDS_DB": tmp_path / "records.db",
        "RASA_TRACKER_DB": tmp_path / "tracker.db",
        "ADMIN_DB": tmp_path / "admin.db",
        "FOERDERLOTSE_DATA_DIR": tmp_path,
    }
    for key, value in env.items():
        monkeypatch.setenv(key, str(value))
    for key in ("DATABASE_URL", "EVENTS_DATABASE_URL", "RASA_EVENTS_DB"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("ADMIN_SECRET_KEY", "test-secret-key-0123456789")
    monkeypatch.setenv("FOERDERLOTSE_TODAY", TODAY)
    write_knowledge(env["KNOWLEDGE_DB"], embedder)
    settings = AdminSettings.from_settings(load_settings())
    Accounts(settings.db_path).create(USER, PASSWORD)
    return settings


@pytest.fixture
async def client(
    aiohttp_client: Any, admin_settings: AdminSettings, embedder: QueryCachingEmbedder
) -> TestClient:
    root = web.Application()
    root.add_subapp("/admin", create_admin_app(admin_settings, embedder))
    return await aiohttp_client(root)


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "no CSRF field on the page"
    return match.group(1)


async def page_token(client: TestClient, path: str) -> str:
    response = await client.get(path)
    assert response.status == 200, await response.text()
    return csrf_of(await response.text())


async def sign_in(client: TestClient, user: str = USER, password: str = PASSWORD) -> Any:
    token = await page_token(client, "/admin/login")
    return await client.post(
        "/admin/login",
        data={"username": user, "password": password, "csrf": token},
        allow_redirects=False,
    )


@pytest.fixture
async def signed_in(client: TestClient) -> TestClient:
    response = await sign_in(client)
    assert response.status == 303
    return client


async def edit_form(client: TestClient, settings: AdminSettings, entry_id: str) -> dict[str, Any]:
    """The values the edit page shows, as the browser would send them back."""
    entry = KnowledgeStore(settings.knowledge.db_path).get(entry_id)
    assert entry is not None
    token = await page_token(client, f"/admin/knowledge/{entry_id}/edit")
    return {**data_to_form(entry_to_data(entry)), "csrf": token, "entry_hash": entry_hash(entry)}
