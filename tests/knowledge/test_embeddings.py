"""The query-vector cache in front of the embedding model."""

import numpy as np
import pytest

from knowledge.embeddings import QueryCachingEmbedder


class CountingModel:
    """A stand-in model that counts how often it is asked (the cache is what is tested)."""

    name = "counting"
    dimension = 3

    def __init__(self) -> None:
        self.queries: list[str] = []
        self.document_calls = 0

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        self.document_calls += 1
        return np.ones((len(texts), self.dimension), dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        self.queries.append(text)
        return np.array([len(text), 0.0, 1.0], dtype=np.float32)


def test_repeated_queries_are_embedded_once() -> None:
    model = CountingModel()
    embedder = QueryCachingEmbedder(model, size=2)
    first = embedder.embed_query("Wer zählt als KMU?")
    again = embedder.embed_query("Wer zählt als KMU?")
    assert model.queries == ["Wer zählt als KMU?"]
    assert np.array_equal(first, again)


def test_least_recently_used_query_is_forgotten() -> None:
    model = CountingModel()
    embedder = QueryCachingEmbedder(model, size=2)
    for text in ("a", "b", "a", "c", "a", "b"):
        embedder.embed_query(text)
    assert model.queries == ["a", "b", "c", "b"]


def test_cached_vectors_cannot_be_changed_by_a_caller() -> None:
    embedder = QueryCachingEmbedder(CountingModel())
    vector = embedder.embed_query("KI im Handwerk")
    with pytest.raises(ValueError):
        vector[0] = 99.0
    assert embedder.embed_query("KI im Handwerk")[0] == len("KI im Handwerk")


def test_clear_forgets_everything_and_documents_are_not_cached() -> None:
    model = CountingModel()
    embedder = QueryCachingEmbedder(model)
    embedder.embed_query("x")
    embedder.clear()
    embedder.embed_query("x")
    assert model.queries == ["x", "x"]
    assert embedder.embed_documents(["p", "q"]).shape == (2, 3)
    embedder.embed_documents(["p", "q"])
    assert model.document_calls == 2
    assert (embedder.name, embedder.dimension) == ("counting", 3)
