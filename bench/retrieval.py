"""Side by side: the retrieval answer path (hybrid search) versus semantic-only and
lexical-only search on the labelled queries, and whether Rasa's ResponseSelector is trained."""

import tarfile
import time
from pathlib import Path
from typing import Any

import yaml

from bench.stats import summarize_ms
from knowledge.embeddings import QueryCachingEmbedder
from knowledge.evaluate import DEFAULT_QUERIES, load_queries, score
from knowledge.search import KnowledgeSearch, Mode
from stack.settings import PROJECT_ROOT

MODES: tuple[Mode, ...] = ("hybrid", "semantic", "lexical")


def labelled_queries(path: Path = DEFAULT_QUERIES) -> list[str]:
    return [query.text for query in load_queries(path)]


def compare_modes(search: KnowledgeSearch, path: Path = DEFAULT_QUERIES) -> dict[str, Any]:
    """Latency (limit 3, as the action asks) and recall@1/@3 and MRR per mode."""
    queries = load_queries(path)
    result: dict[str, Any] = {"queries": len(queries)}
    samples: dict[Mode, list[float]] = {mode: [] for mode in MODES}
    embedder = search.embedder
    for number, query in enumerate([*queries[:3], *queries]):
        for mode in MODES:  # the modes take turns on every query
            if isinstance(embedder, QueryCachingEmbedder):
                embedder.clear()  # each mode pays for embedding a new question
            start = time.perf_counter()
            search.search(query.text, limit=3, mode=mode)
            if number >= 3:
                samples[mode].append(time.perf_counter() - start)
    for mode in MODES:
        quality = score(search, queries, mode)
        result[mode] = {
            "latency": summarize_ms(samples[mode]),
            "recall_at_1": round(quality.recall_at_1, 3),
            "recall_at_3": round(quality.recall_at_3, 3),
            "mrr": round(quality.mrr, 3),
        }
    return result


def retrieval_intents(data_dir: Path = PROJECT_ROOT / "data") -> list[str]:
    """Intents named like `faq/…` (what Rasa's ResponseSelector is trained on)."""
    found = []
    for path in sorted(data_dir.rglob("*.yml")):
        content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in content.get("nlu", []) if isinstance(content, dict) else []:
            name = item.get("intent") if isinstance(item, dict) else None
            if isinstance(name, str) and "/" in name:
                found.append(name)
    return found


def response_selector_trained(model_path: Path) -> bool:
    """Whether the model archive holds trained ResponseSelector weights."""
    with tarfile.open(model_path) as archive:
        return any("train_ResponseSelector" in name for name in archive.getnames())


def response_selector_status(model_path: Path) -> dict[str, Any]:
    intents = retrieval_intents()
    trained = response_selector_trained(model_path)
    if intents and trained:
        note = "ResponseSelector is trained; its cost is inside the NLU parse time."
    else:
        note = (
            "Not in this project: data/ has no retrieval intents (faq/…), so config.yml has no "
            "ResponseSelector and no FAQ is answered by it. Its path cannot be timed; shown "
            "instead is the NLU parse time, which is what "
            "the ResponseSelector path would cost (it answers inside the parse, with no "
            "action-server call), next to the retrieval path's extra cost: the action server."
        )
    return {"retrieval_intents": intents, "trained": trained, "note": note}
