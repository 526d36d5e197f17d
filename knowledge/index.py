"""The semantic index: entry embeddings in FAISS, persisted with the ids and a manifest.

The manifest records the embedder, the dimension and the hash of the indexed texts, so the
index is rebuilt exactly when the content or the embedder changes.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import faiss
import numpy as np
from tqdm import tqdm

from knowledge.embeddings import Embedder
from knowledge.models import Entry

INDEX_FILE = "index.faiss"
MANIFEST_FILE = "manifest.json"
BATCH_SIZE = 32
HNSW_FROM_ENTRIES = 50_000


def texts_hash(entries: list[Entry]) -> str:
    digest = hashlib.sha256()
    for entry in sorted(entries, key=lambda e: e.id):
        digest.update(f"{entry.id}\n{entry.embedding_text()}\n".encode())
    return digest.hexdigest()


def create_faiss_index(dimension: int, size: int) -> faiss.Index:
    """Exact inner-product search for small bases; HNSW when exact search gets slow."""
    if size >= HNSW_FROM_ENTRIES:
        index = faiss.IndexHNSWFlat(dimension, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efSearch = 128
        return index
    return faiss.IndexFlatIP(dimension)


@dataclass
class SemanticIndex:
    index: faiss.Index
    ids: list[str]
    manifest: dict

    @classmethod
    def build(
        cls, entries: list[Entry], embedder: Embedder, progress: bool = False
    ) -> "SemanticIndex":
        texts = [entry.embedding_text() for entry in entries]
        vectors = np.zeros((len(texts), embedder.dimension), dtype=np.float32)
        starts = range(0, len(texts), BATCH_SIZE)
        for start in tqdm(starts, desc="Embedding", unit="batch", disable=not progress):
            vectors[start : start + BATCH_SIZE] = embedder.embed_documents(
                texts[start : start + BATCH_SIZE]
            )
        index = create_faiss_index(embedder.dimension, len(texts))
        index.add(vectors)
        manifest = {
            "embedder": embedder.name,
            "dimension": embedder.dimension,
            "texts_hash": texts_hash(entries),
            "count": len(entries),
            "index_type": type(index).__name__,
            "built_at": datetime.now(UTC).isoformat(),
        }
        return cls(index=index, ids=[entry.id for entry in entries], manifest=manifest)

    def save(self, directory: Path) -> None:
        """Write index and manifest; the manifest goes last, so a half-written index is stale."""
        directory.mkdir(parents=True, exist_ok=True)
        faiss.write_index(self.index, str(directory / (INDEX_FILE + ".new")))
        (directory / (INDEX_FILE + ".new")).replace(directory / INDEX_FILE)
        manifest = {**self.manifest, "ids": self.ids}
        (directory / (MANIFEST_FILE + ".new")).write_text(json.dumps(manifest, indent=1))
        (directory / (MANIFEST_FILE + ".new")).replace(directory / MANIFEST_FILE)

    @classmethod
    def load(cls, directory: Path) -> "SemanticIndex":
        manifest = json.loads((directory / MANIFEST_FILE).read_text())
        ids = manifest.pop("ids")
        index = faiss.read_index(str(directory / INDEX_FILE))
        if index.ntotal != len(ids):
            raise ValueError(
                f"index in {directory} holds {index.ntotal} vectors for {len(ids)} ids"
            )
        return cls(index=index, ids=ids, manifest=manifest)

    @staticmethod
    def is_current(directory: Path, entries: list[Entry], embedder_name: str) -> bool:
        """Whether the index in `directory` was built from these entries with this embedder."""
        try:
            manifest = json.loads((directory / MANIFEST_FILE).read_text())
        except (OSError, ValueError):
            return False
        return (
            manifest.get("embedder") == embedder_name
            and manifest.get("texts_hash") == texts_hash(entries)
            and (directory / INDEX_FILE).exists()
        )

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
