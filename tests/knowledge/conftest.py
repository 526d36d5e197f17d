"""Small, self-made knowledge bases for the knowledge tests."""

from pathlib import Path
from typing import Any

import pytest
import yaml

from knowledge.base import KnowledgeBase
from knowledge.embeddings import QueryCachingEmbedder
from knowledge.settings import KnowledgeSettings

PROGRAMMES: list[dict[str, Any]] = [
    {
        "id": "digitalbonus-test",
        "name": "Digitalbonus Testland",
        "funder": "Wirtschaftsministerium Bayern",
        "level": "state",
        "states": ["BY"],
        "excluded_sectors": ["agriculture"],
        "topics": ["it_security", "software"],
        "funding_type": "grant",
        "rate_percent": 50,
        "max_amount_eur": 7500,
        "max_employees": 49,
        "summary_de": "Zuschuss für kleine Firmen in Bayern, die Software einführen oder ihre "
        "IT-Sicherheit verbessern.",
        "valid_from": "2024-07-01",
        "valid_until": "2027-12-31",
        "source_url": "https://example.org/digitalbonus",
        "last_checked": "2026-11-01",
    },
    {
        "id": "forschung-bund",
        "name": "Innovationsprogramm Forschung",
        "funder": "Bund",
        "level": "federal",
        "topics": ["research"],
        "funding_type": "grant",
        "summary_de": "Zuschuss für Forschungs- und Entwicklungsprojekte mittelständischer "
        "Unternehmen.",
        "source_url": "https://example.org/forschung",
        "last_checked": "2026-11-01",
    },
    {
        "id": "alter-beratungsscheck",
        "name": "Beratungsscheck Digital",
        "funder": "Bund",
        "level": "federal",
        "topics": ["consulting"],
        "funding_type": "consulting",
        "summary_de": "Geförderte Beratung zur Digitalisierung durch autorisierte Berater.",
        "valid_until": "2024-12-31",
        "successor": "forschung-bund",
        "source_url": "https://example.org/alt",
        "last_checked": "2026-11-01",
    },
]
CENTRES: list[dict[str, Any]] = [
    {
        "id": "zentrum-nord",
        "name": "Digitalzentrum Nord",
        "centre_type": "regional",
        "city": "Hamburg",
        "states": ["HH", "SH"],
        "themes": ["ai"],
        "summary_de": "Kostenlose Workshops zu Künstlicher Intelligenz für Betriebe im Norden.",
        "valid_until": "2026-12-31",
        "source_url": "https://example.org/nord",
        "last_checked": "2026-11-01",
    }
]
FAQS: list[dict[str, Any]] = [
    {
        "id": "faq-kmu",
        "question_de": "Wer zählt als KMU?",
        "answer_de": "Unternehmen mit weniger als 250 Beschäftigten und höchstens 50 Mio. € "
        "Umsatz.",
        "question_en": "Who counts as an SME?",
        "answer_en": "Firms with fewer than 250 employees and at most 50 M€ turnover.",
        "source_url": "https://example.org/kmu",
        "last_checked": "2026-11-01",
    }
]


def write_content(root: Path, files: dict[str, list[dict[str, Any]]]) -> Path:
    for relative, entries in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    return root


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    return write_content(
        tmp_path / "content",
        {
            "programmes/programmes.yaml": PROGRAMMES,
            "centres/centres.yaml": CENTRES,
            "faqs/faqs.yaml": FAQS,
        },
    )


@pytest.fixture
def settings(tmp_path: Path, content_dir: Path) -> KnowledgeSettings:
    return KnowledgeSettings(db_path=tmp_path / "var" / "knowledge.db", content_dir=content_dir)


@pytest.fixture
def base(settings: KnowledgeSettings, embedder: QueryCachingEmbedder) -> KnowledgeBase:
    """The small base, not yet seeded (call `ensure`)."""
    return KnowledgeBase(settings, embedder)


@pytest.fixture
def use_cli(
    settings: KnowledgeSettings, embedder: QueryCachingEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point `python -m knowledge` at the small base, with the already loaded embedder."""
    monkeypatch.setenv("KNOWLEDGE_DB", str(settings.db_path))
    monkeypatch.setenv("KNOWLEDGE_CONTENT_DIR", str(settings.content_dir))
    monkeypatch.setattr("knowledge.base.create_embedder", lambda name=None: embedder)
