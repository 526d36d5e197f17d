"""The action server's one handle on the knowledge base, loaded once and kept warm."""

import logging
import threading

from knowledge.base import open_search
from knowledge.search import KnowledgeSearch
from knowledge.settings import KnowledgeSettings

logger = logging.getLogger(__name__)


class KnowledgeAccess:
    """Opens the knowledge base on first use and hands out the same loaded search after that."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._search: KnowledgeSearch | None = None

    def search(self) -> KnowledgeSearch:
        if self._search is None:
            with self._lock:
                if self._search is None:
                    self._search = open_search(KnowledgeSettings.from_env())
                    logger.info("knowledge loaded", extra={"entries": len(self._search.entries)})
        return self._search


KNOWLEDGE = KnowledgeAccess()
