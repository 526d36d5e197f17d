"""The action server's one handle on the knowledge base: loaded once, kept warm, and swapped for
a fresh copy when staff change the content (checked at most once a second)."""

import logging
import threading
import time

from knowledge.base import open_search
from knowledge.search import KnowledgeSearch
from knowledge.settings import KnowledgeSettings
from knowledge.store import KnowledgeStore

logger = logging.getLogger(__name__)
CHECK_INTERVAL_SECONDS = 1.0


class KnowledgeAccess:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._search: KnowledgeSearch | None = None
        self._checked_at = 0.0

    def search(self) -> KnowledgeSearch:
        """The loaded knowledge base; reloaded first if its content changed on disk."""
        current = self._search
        if current is not None and not self._changed(current):
            return current
        with self._lock:
            if self._search is None or self._changed(self._search, force=True):
                self._search = open_search(KnowledgeSettings.from_env())
                logger.info(
                    "knowledge loaded",
                    extra={"entries": len(self._search.entries), "hash": self._search.content_hash},
                )
            return self._search

    def _changed(self, search: KnowledgeSearch, force: bool = False) -> bool:
        now = time.monotonic()
        if not force and now - self._checked_at < CHECK_INTERVAL_SECONDS:
            return False
        self._checked_at = now
        try:
            return KnowledgeStore(search.store.path).meta("content_hash") != search.content_hash
        except FileNotFoundError:
            return False

    def warm_up(self) -> None:
        """Load in the background when the action server starts, so the first user waits less."""

        def load() -> None:
            try:
                self.search()
            except Exception:
                logger.exception("knowledge warm-up failed")

        threading.Thread(target=load, name="knowledge-warm-up", daemon=True).start()


KNOWLEDGE = KnowledgeAccess()
KNOWLEDGE.warm_up()
