"""Where the knowledge base lives and which embedder it uses, from environment variables."""

import os
from dataclasses import dataclass
from pathlib import Path

from knowledge.embeddings import DEFAULT_EMBEDDER

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class KnowledgeSettings:
    db_path: Path
    index_dir: Path
    content_dir: Path
    embedder: str = DEFAULT_EMBEDDER

    @classmethod
    def from_env(cls) -> "KnowledgeSettings":
        env = os.environ
        data_dir = Path(env.get("FOERDERLOTSE_DATA_DIR", PROJECT_ROOT / "var"))
        return cls(
            db_path=Path(env.get("KNOWLEDGE_DB", data_dir / "knowledge.db")),
            index_dir=Path(env.get("KNOWLEDGE_INDEX_DIR", data_dir / "index")),
            content_dir=Path(env.get("KNOWLEDGE_CONTENT_DIR", PROJECT_ROOT / "knowledge/content")),
            embedder=env.get("KNOWLEDGE_EMBEDDER", DEFAULT_EMBEDDER),
        )
