"""Index build cost: the real content (load, SQLite + FTS5, embedding, FAISS) and synthetic
bases of random unit vectors, FAISS flat versus HNSW, with embedding time extrapolated."""

import tempfile
import time
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from bench.stats import summarize_ms
from knowledge.base import KnowledgeBase
from knowledge.content import load_located
from knowledge.embeddings import Embedder
from knowledge.index import HNSW_FROM_ENTRIES, SemanticIndex, create_faiss_index
from knowledge.search import CANDIDATES
from knowledge.settings import KnowledgeSettings

DIMENSION = 384
SYNTHETIC_SIZES = (1_000, 10_000, 100_000)
SEARCH_QUERIES = 200
RECALL_AT = 10


class TimedEmbedder:
    """Wraps an embedder and adds up the time spent embedding documents."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dimension = inner.dimension
        self.seconds = 0.0
        self.texts = 0

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        start = time.perf_counter()
        vectors = self.inner.embed_documents(texts)
        self.seconds += time.perf_counter() - start
        self.texts += len(texts)
        return vectors

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text)


def real_content(content_dir: Path, embedder: Embedder) -> dict[str, Any]:
    """Seeding the base from scratch (what `make kb` does on a new machine), in a temporary
    directory, step by step: validate, write the file with its vectors, open it for search."""
    with tempfile.TemporaryDirectory(prefix="bench-kb-") as tmp:
        start = time.perf_counter()
        seed = load_located(content_dir)
        loaded = time.perf_counter()
        timed = TimedEmbedder(embedder)
        base = KnowledgeBase(replace_settings(content_dir, Path(tmp)), timed)
        base.import_located(seed, user="bench", sync=False, force=False)
        written = time.perf_counter()
        snapshot = base.store.snapshot()
        index = SemanticIndex.from_vectors(snapshot.ids, snapshot.vectors)
        opened = time.perf_counter()
        snapshot.close()
    return {
        "entries": len(seed),
        "index_type": type(index.index).__name__,
        "load_validate_seconds": round(loaded - start, 3),
        "embedding_seconds": round(timed.seconds, 3),
        "sqlite_fts_vectors_seconds": round(written - loaded - timed.seconds, 3),
        "open_for_search_seconds": round(opened - written, 3),
        "total_seconds": round(opened - start, 3),
        "embedding_entries_per_second": round(timed.texts / timed.seconds, 2),
    }


def replace_settings(content_dir: Path, data_dir: Path) -> KnowledgeSettings:
    return KnowledgeSettings(db_path=data_dir / "knowledge.db", content_dir=content_dir)


def unit_vectors(rng: np.random.Generator, count: int) -> np.ndarray:
    vectors = rng.standard_normal((count, DIMENSION), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors


def _hnsw() -> faiss.Index:
    """The HNSW index the project uses for large bases (same parameters)."""
    return create_faiss_index(DIMENSION, HNSW_FROM_ENTRIES)


def _measure(index: faiss.Index, base: np.ndarray, queries: np.ndarray) -> dict[str, Any]:
    start = time.perf_counter()
    index.add(base)
    build = time.perf_counter() - start
    samples, found = [], []
    for row in queries:
        start = time.perf_counter()
        _, positions = index.search(row.reshape(1, -1), CANDIDATES)
        samples.append(time.perf_counter() - start)
        found.append(positions[0])
    return {
        "build_seconds": round(build, 3),
        "search": summarize_ms(samples),
        "bytes": int(faiss.serialize_index(index).size),
        "found": found,
    }


def synthetic(sizes: tuple[int, ...], embedding_rate: float, seed: int = 7) -> list[dict[str, Any]]:
    """Flat versus HNSW on random unit vectors; projected build time with real embedding."""
    rng = np.random.default_rng(seed)
    results = []
    for size in sizes:
        base = unit_vectors(rng, size)
        queries = unit_vectors(rng, SEARCH_QUERIES)
        flat = _measure(faiss.IndexFlatIP(DIMENSION), base, queries)
        hnsw = _measure(_hnsw(), base, queries)
        hits = sum(
            len(set(h[:RECALL_AT]) & set(f[:RECALL_AT]))
            for h, f in zip(hnsw.pop("found"), flat.pop("found"), strict=True)
        )
        chosen = type(create_faiss_index(DIMENSION, size)).__name__
        chosen_build = hnsw if chosen == "IndexHNSWFlat" else flat
        embedding = size / embedding_rate
        results.append(
            {
                "entries": size,
                "chosen_index": chosen,
                "flat": flat,
                "hnsw": hnsw,
                "hnsw_recall_at_10": round(hits / (RECALL_AT * len(queries)), 3),
                "projected_embedding_seconds": round(embedding, 1),
                "projected_build_seconds": round(embedding + chosen_build["build_seconds"], 1),
            }
        )
        del base
    return results
