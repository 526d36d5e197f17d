"""The action server's one handle on the knowledge base: the newest snapshot of the database
file, loaded once and swapped when a staff edit writes a new file (one `stat` per call)."""

import logging
import threading

from common.settings import load_settings
from knowledge.base import KnowledgeBase, LiveKnowledge
from knowledge.search import KnowledgeSearch
from knowledge.settings import KnowledgeSettings

logger = logging.getLogger(__name__)


class KnowledgeAccess:
    def __init__(self) -> None:
        self._live: LiveKnowledge | None = None
        self._lock = threading.Lock()

    def search(self) -> KnowledgeSearch:
        """The knowledge base as of the newest write."""
        with self._lock:
            if self._live is None:
                settings = KnowledgeSettings.from_settings(load_settings())
                self._live = LiveKnowledge(KnowledgeBase(settings))
        return self._live.search()

    def warm_up(self) -> None:
        """Load in the background when the action server starts, so the first user waits less."""

        def load() -> None:
            try:
                self.search()
            except Exception:
                logger.exception("knowledge warm-up failed")

        threading.Thread(target=load, name="knowledge-warm-up", daemon=True).start()


KNOWLEDGE = KnowledgeAccess()  # loaded on first use; the action server warms it up at start
