"""Search quality on a labelled query set: recall@1, recall@3 and MRR per method and embedder.

python -m knowledge.evaluate [--queries FILE] [--embedders e5-small,minilm] [--json OUT]
"""

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from common.logs import configure_logging
from common.settings import load_settings
from knowledge.embeddings import create_embedder
from knowledge.index import SemanticIndex
from knowledge.search import KnowledgeSearch, Mode
from knowledge.settings import KnowledgeSettings
from knowledge.store import KnowledgeStore

DEFAULT_QUERIES = Path(__file__).parent / "eval" / "search_queries.yaml"
MODES: tuple[Mode, ...] = ("semantic", "lexical", "hybrid")
DEPTH = 10


@dataclass(frozen=True)
class LabelledQuery:
    text: str
    relevant: frozenset[str]
    language: str


@dataclass(frozen=True)
class Scores:
    recall_at_1: float
    recall_at_3: float
    mrr: float
    queries: int


def load_queries(path: Path) -> list[LabelledQuery]:
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [LabelledQuery(i["q"], frozenset(i["relevant"]), i.get("lang", "de")) for i in items]


def score(search: KnowledgeSearch, queries: list[LabelledQuery], mode: Mode) -> Scores:
    hits_at_1 = hits_at_3 = 0
    reciprocal_ranks = 0.0
    for query in queries:
        ranked = [hit.entry.id for hit in search.search(query.text, limit=DEPTH, mode=mode)]
        rank = next((i for i, entry_id in enumerate(ranked, 1) if entry_id in query.relevant), 0)
        hits_at_1 += rank == 1
        hits_at_3 += 0 < rank <= 3
        reciprocal_ranks += 1 / rank if rank else 0.0
    n = len(queries)
    return Scores(hits_at_1 / n, hits_at_3 / n, reciprocal_ranks / n, n)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES)
    parser.add_argument("--embedders", default="e5-small")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    configure_logging("WARNING")
    settings = KnowledgeSettings.from_settings(load_settings())
    snapshot = KnowledgeStore(settings.db_path).snapshot()
    entries = list(snapshot.entries.values())
    queries = load_queries(args.queries)
    results = []
    print(f"{len(queries)} labelled queries, {len(entries)} entries\n")
    print(f"{'embedder':10} {'method':9} {'recall@1':>9} {'recall@3':>9} {'MRR':>6}")
    for name in args.embedders.split(","):
        embedder = create_embedder(name)
        search = KnowledgeSearch(snapshot, SemanticIndex.build(entries, embedder), embedder)
        for mode in MODES:
            if mode == "lexical" and name != args.embedders.split(",")[0]:
                continue
            result = score(search, queries, mode)
            label = "-" if mode == "lexical" else name
            print(
                f"{label:10} {mode:9} {result.recall_at_1:9.3f} {result.recall_at_3:9.3f} "
                f"{result.mrr:6.3f}"
            )
            results.append({"embedder": label, "method": mode, **vars(result)})
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
