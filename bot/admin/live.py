"""Bringing changes live: the search index is rebuilt in a background thread after each change,
and the status says whether the index matches the database (then the action server, which
reloads within a second of a changed content hash, answers with the new content)."""

import logging
import threading
from dataclasses import dataclass

from knowledge.base import refresh_index
from knowledge.embeddings import Embedder, create_embedder
from knowledge.index import SemanticIndex
from knowledge.settings import KnowledgeSettings
from knowledge.store import KnowledgeStore

logger = logging.getLogger(__name__)


class IndexRefresher:
    """Runs `refresh_index` in one background thread; changes made meanwhile are coalesced."""

    def __init__(self, settings: KnowledgeSettings) -> None:
        self.settings = settings
        self.error: str | None = None
        self._embedder: Embedder | None = None
        self._lock = threading.Lock()
        self._pending = False
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        with self._lock:
            return self._thread is not None

    def request(self) -> None:
        """Ask for a rebuild; returns at once."""
        with self._lock:
            self._pending = True
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="index-refresh", daemon=True)
                self._thread.start()

    def join(self, timeout: float | None = None) -> None:
        with self._lock:
            thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _run(self) -> None:
        while True:
            with self._lock:
                if not self._pending:
                    self._thread = None
                    return
                self._pending = False
            try:
                if self._embedder is None:
                    self._embedder = create_embedder(self.settings.embedder)
                refresh_index(self.settings, self._embedder)
                self.error = None
            except Exception as error:  # reported on the page; the next change retries
                logger.exception("index refresh failed")
                self.error = type(error).__name__


@dataclass(frozen=True)
class LiveStatus:
    state: str  # live, pending, error or missing
    content_hash: str | None
    index_current: bool
    refreshing: bool

    @property
    def message(self) -> str:
        short = (self.content_hash or "")[:12]
        return {
            "live": f"Live: Der Chat antwortet mit dem aktuellen Stand ({short}).",
            "pending": "Wird übernommen: Der Suchindex wird neu aufgebaut …",
            "error": "Fehler beim Neuaufbau des Suchindex – siehe Log der Verwaltung.",
            "missing": "Keine Wissensdatenbank gefunden (make kb).",
        }[self.state]

    def to_json(self) -> dict[str, object]:
        return {
            "state": self.state,
            "live": self.state == "live",
            "content_hash": self.content_hash,
            "index_current": self.index_current,
            "refreshing": self.refreshing,
            "message": self.message,
        }


def live_status(settings: KnowledgeSettings, refresher: IndexRefresher) -> LiveStatus:
    """Whether the index matches the database's content (blocking: reads the database)."""
    store = KnowledgeStore(settings.db_path)
    refreshing = refresher.running
    try:
        content_hash = store.meta("content_hash")
        entries = store.entries()
    except FileNotFoundError:
        return LiveStatus("missing", None, False, refreshing)
    current = SemanticIndex.is_current(settings.index_dir, entries, settings.embedder)
    if current:
        state = "live"
    elif refresher.error and not refreshing:
        state = "error"
    else:
        state = "pending"
    return LiveStatus(state, content_hash, current, refreshing)
