"""The semantic index: entry vectors in FAISS, built in memory from the vectors stored in the
knowledge base file (so the index can never disagree with the entries it was loaded with)."""

from dataclasses import dataclass

import faiss
import numpy as np
from tqdm import tqdm

from knowledge.embeddings import Embedder
from knowledge.models import Entry

BATCH_SIZE = 32
HNSW_FROM_ENTRIES = 50_000


def create_faiss_index(dimension: int, size: int) -> faiss.Index:
    """Exact inner-product search for small bases; HNSW when exact search gets slow."""
    if size >= HNSW_FROM_ENTRIES:
        index = faiss.IndexHNSWFlat(dimension, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efSearch = 128
        return index
    return faiss.IndexFlatIP(dimension)


def embed_entries(entries: list[Entry], embedder: Embedder, progress: bool = False) -> np.ndarray:
    """One unit-length vector per entry, in batches."""
    texts = [entry.embedding_text() for entry in entries]
    vectors = np.zeros((len(texts), embedder.dimension), dtype=np.float32)
    starts = range(0, len(texts), BATCH_SIZE)
    for start in tqdm(starts, desc="Embedding", unit="batch", disable=not progress):
        vectors[start : start + BATCH_SIZE] = embedder.embed_documents(
            texts[start : start + BATCH_SIZE]
        )
    return vectors


@dataclass
class SemanticIndex:
    index: faiss.Index
    ids: list[str]

    @classmethod
    def from_vectors(cls, ids: list[str], vectors: np.ndarray) -> "SemanticIndex":
        index = create_faiss_index(vectors.shape[1], len(ids))
        if len(ids):
            index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        return cls(index=index, ids=list(ids))

    @classmethod
    def build(
        cls, entries: list[Entry], embedder: Embedder, progress: bool = False
    ) -> "SemanticIndex":
        vectors = embed_entries(entries, embedder, progress)
        return cls.from_vectors([entry.id for entry in entries], vectors)

    def search(self, query_vector: np.ndarray, limit: int) -> list[tuple[str, float]]:
        """Ids and cosine similarities of the nearest entries."""
        limit = min(limit, len(self.ids))
        if limit == 0:
            return []
        scores, positions = self.index.search(query_vector.reshape(1, -1).astype(np.float32), limit)
        return [
            (self.ids[position], float(score))
            for position, score in zip(positions[0], scores[0], strict=True)
            if position >= 0
        ]
