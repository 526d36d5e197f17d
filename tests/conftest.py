"""Fixtures shared by all tests."""

from pathlib import Path

import pytest

from knowledge.base import build, open_search
from knowledge.search import KnowledgeSearch
from knowledge.settings import KnowledgeSettings


@pytest.fixture(scope="session")
def shipped_settings(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeSettings:
    """The shipped content in a database and index of its own (built once per test run)."""
    root: Path = tmp_path_factory.mktemp("shipped-kb")
    settings = KnowledgeSettings(
        db_path=root / "knowledge.db",
        index_dir=root / "index",
        content_dir=KnowledgeSettings.from_env().content_dir,
    )
    build(settings)
    return settings


@pytest.fixture(scope="session")
def shipped_search(shipped_settings: KnowledgeSettings) -> KnowledgeSearch:
    return open_search(shipped_settings)
