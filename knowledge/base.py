"""Building the knowledge base from content files and opening it for search."""

import fcntl
import logging
from dataclasses import dataclass

from knowledge.content import load_content
from knowledge.embeddings import Embedder, create_embedder
from knowledge.index import SemanticIndex
from knowledge.search import KnowledgeSearch
from knowledge.settings import KnowledgeSettings
from knowledge.store import ChangeSummary, KnowledgeStore

logger = logging.getLogger(__name__)


@dataclass
class BuildReport:
    changes: ChangeSummary
    index_rebuilt: bool


def refresh_index(
    settings: KnowledgeSettings, embedder: Embedder | None = None, progress: bool = False
) -> bool:
    """Rebuild the semantic index if the base or the embedder changed; True if rebuilt."""
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    with (settings.index_dir / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one builder at a time (CLI, action server)
        entries = KnowledgeStore(settings.db_path).entries()
        embedder_name = embedder.name if embedder else settings.embedder
        if SemanticIndex.is_current(settings.index_dir, entries, embedder_name):
            return False
        embedder = embedder or create_embedder(settings.embedder)
        SemanticIndex.build(entries, embedder, progress=progress).save(settings.index_dir)
    logger.info("index rebuilt", extra={"entries": len(entries), "embedder": embedder.name})
    return True


def build(settings: KnowledgeSettings, progress: bool = False) -> BuildReport:
    """Make the database mirror the content folder, then bring the index up to date."""
    entries = load_content(settings.content_dir)
    changes = KnowledgeStore(settings.db_path).replace_all(entries)
    return BuildReport(changes=changes, index_rebuilt=refresh_index(settings, progress=progress))


class IndexNotReady(RuntimeError):
    """The search index does not match the database yet (someone is still rebuilding it)."""


def open_search(
    settings: KnowledgeSettings, embedder: Embedder | None = None, rebuild: bool = True
) -> KnowledgeSearch:
    """Load the base for searching; a stale index is rebuilt first, or with `rebuild=False`
    IndexNotReady is raised (a running server waits for the editor's rebuild instead)."""
    embedder = embedder or create_embedder(settings.embedder)
    if rebuild:
        refresh_index(settings, embedder)
    elif not SemanticIndex.is_current(
        settings.index_dir, KnowledgeStore(settings.db_path).entries(), embedder.name
    ):
        raise IndexNotReady(f"index in {settings.index_dir} is not built for the current content")
    with (settings.index_dir / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_SH)
        index = SemanticIndex.load(settings.index_dir)
        return KnowledgeSearch(KnowledgeStore(settings.db_path), index, embedder)
