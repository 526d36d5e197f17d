"""The action server's one handle on the knowledge base: loaded once, kept warm, and swapped for
a fresh copy when staff change the content (checked at most once a second, loaded aside)."""

import logging
import threading
import time

from knowledge.base import IndexNotReady, open_search
from knowledge.search import KnowledgeSearch
from knowledge.settings import KnowledgeSettings
from knowledge.store import KnowledgeStore

logger = logging.getLogger(__name__)
CHECK_INTERVAL_SECONDS = 1.0


class KnowledgeAccess:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._reloading = threading.Event()
        self._search: KnowledgeSearch | None = None
        self._checked_at = 0.0

    def search(self) -> KnowledgeSearch:
        """The loaded knowledge base. When its content changed on disk, a fresh copy is loaded
        in the background and swapped in once ready; until then the old one keeps answering."""
        current = self._search
        if current is None:
            with self._lock:
                if self._search is None:
                    self._search = self._load()
                return self._search
        if self._changed(current):
            self._reload_in_background()
        return current

    def _load(self, rebuild: bool = True) -> KnowledgeSearch:
        search = open_search(KnowledgeSettings.from_env(), rebuild=rebuild)
        logger.info(
            "knowledge loaded", extra={"entries": len(search.entries), "hash": search.content_hash}
        )
        return search

    def _reload_in_background(self) -> None:
        if self._reloading.is_set():
            return
        self._reloading.set()

        def reload() -> None:
            try:
                fresh = self._load(rebuild=False)
                with self._lock:
                    self._search = fresh
            except IndexNotReady:
                self._checked_at = 0.0  # the editor is still rebuilding; look again next time
            except Exception:
                logger.exception("knowledge reload failed; the previous content stays in use")
            finally:
                self._reloading.clear()

        threading.Thread(target=reload, name="knowledge-reload", daemon=True).start()

    def _changed(self, search: KnowledgeSearch) -> bool:
        now = time.monotonic()
        if now - self._checked_at < CHECK_INTERVAL_SECONDS:
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
