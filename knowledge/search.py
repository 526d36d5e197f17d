"""Hybrid search over the knowledge base: FAISS semantic ranking fused with SQLite FTS5 (RRF).

Filters (kind, state, sector, topic, status) are applied to both rankings before fusion.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from knowledge.embeddings import Embedder
from knowledge.firm_facts import read_place_state, read_state_name
from knowledge.index import SemanticIndex
from knowledge.models import Case, Centre, Entry, Faq, Kind, Programme
from knowledge.status import Status, status_on, today
from knowledge.store import Snapshot
from knowledge.text import fts_query
from knowledge.vocabulary import STATES, label

Mode = Literal["hybrid", "semantic", "lexical"]
# Reciprocal rank fusion constant: small, so agreement near the top counts most. Measured with
# `make eval-search` (k=5: recall@3 0.99; the customary k=60: 0.96).
RRF_K = 5
CANDIDATES = 100


@dataclass(frozen=True)
class SearchFilters:
    kinds: tuple[Kind, ...] = ()
    state: str | None = None
    sector: str | None = None
    topic: str | None = None
    statuses: tuple[Status, ...] = ()


@dataclass(frozen=True)
class SearchHit:
    entry: Entry
    score: float
    status: Status
    similarity: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.entry.id,
            "kind": self.entry.kind,
            "title": self.entry.title,
            "score": round(self.score, 4),
            "status": self.status.value,
            "source_url": self.entry.source_url,
        }


def matches_state(entry: Entry, state: str) -> bool:
    """Whether `entry` applies to a firm in `state` (federal and nationwide entries always do)."""
    if isinstance(entry, Programme | Centre):
        return not entry.states or state in entry.states
    if isinstance(entry, Case):
        return entry.state is None or entry.state == state
    return True


def matches_sector(entry: Entry, sector: str) -> bool:
    if isinstance(entry, Programme):
        return (not entry.sectors or sector in entry.sectors) and (
            sector not in entry.excluded_sectors
        )
    if isinstance(entry, Centre):
        return not entry.sectors or sector in entry.sectors
    if isinstance(entry, Case):
        return entry.sector == sector
    return True


def matches_topic(entry: Entry, topic: str) -> bool:
    if isinstance(entry, Programme | Case | Faq):
        return topic in entry.topics
    if isinstance(entry, Centre):
        return topic in entry.themes
    return True


class KnowledgeSearch:
    """Searches one snapshot of the knowledge base: entries, full-text index and vectors all
    come from the same file."""

    def __init__(self, snapshot: Snapshot, index: SemanticIndex, embedder: Embedder) -> None:
        self.snapshot = snapshot
        self.index = index
        self.embedder = embedder
        self.signature = snapshot.signature
        self.content_hash = snapshot.content_hash
        self.entries: dict[str, Entry] = snapshot.entries
        self.names = frozenset(
            name
            for entry in self.entries.values()
            if entry.kind in ("programme", "centre")
            for name in (entry.title, *entry.aliases)
        )

    def get(self, entry_id: str) -> Entry | None:
        return self.entries.get(entry_id)

    def accepts(self, entry: Entry, filters: SearchFilters, day: date) -> bool:
        if filters.kinds and entry.kind not in filters.kinds:
            return False
        if filters.state and not matches_state(entry, filters.state):
            return False
        if filters.sector and not matches_sector(entry, filters.sector):
            return False
        if filters.topic and not matches_topic(entry, filters.topic):
            return False
        return not filters.statuses or status_on(entry, day) in filters.statuses

    def semantic_ranking(self, query: str, candidates: int = CANDIDATES) -> list[tuple[str, float]]:
        return self.index.search(self.embedder.embed_query(query), candidates)

    def lexical_ranking(self, query: str, candidates: int = CANDIDATES) -> list[tuple[str, float]]:
        match = fts_query(query)
        return self.snapshot.lexical_search(match, candidates) if match else []

    def search(
        self,
        query: str,
        filters: SearchFilters | None = None,
        limit: int = 5,
        mode: Mode = "hybrid",
        day: date | None = None,
    ) -> list[SearchHit]:
        """The best `limit` entries for `query` that pass `filters`, best first."""
        filters = filters or SearchFilters()
        day = day or today()
        query = expand_query(query)
        # A filtered search ranks every entry, so that entries of other kinds or states cannot
        # crowd the wanted ones out of the candidates (the base has a few hundred entries).
        candidates = (
            CANDIDATES if filters == SearchFilters() else max(CANDIDATES, len(self.entries))
        )
        rankings = []
        similarities: dict[str, float] = {}
        if mode in ("hybrid", "semantic"):
            semantic = self.semantic_ranking(query, candidates)
            similarities = dict(semantic)
            rankings.append(semantic)
        if mode in ("hybrid", "lexical"):
            rankings.append(self.lexical_ranking(query, candidates))
        filtered = [
            [
                (i, s)
                for i, s in ranking
                if i in self.entries and self.accepts(self.entries[i], filters, day)
            ]
            for ranking in rankings
        ]
        scored = reciprocal_rank_fusion(filtered) if mode == "hybrid" else filtered[0]
        return [
            SearchHit(
                entry=self.entries[i],
                score=s,
                status=status_on(self.entries[i], day),
                similarity=similarities.get(i),
            )
            for i, s in scored[:limit]
        ]


def expand_query(query: str) -> str:
    """Add the state's name when the query names only a city or region ("Flensburg")."""
    if read_state_name(query):
        return query
    state = read_place_state(query)
    return f"{query} {label(STATES, state, 'de')}" if state else query


def reciprocal_rank_fusion(rankings: list[list[tuple[str, float]]]) -> list[tuple[str, float]]:
    """Fuse ranked lists: each id scores the sum of 1 / (k + rank) over the lists it is in."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, (entry_id, _) in enumerate(ranking, start=1):
            scores[entry_id] = scores.get(entry_id, 0.0) + 1.0 / (RRF_K + rank)
    return sorted(scores.items(), key=lambda item: item[1], reverse=True)
