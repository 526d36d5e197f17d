"""Where the knowledge base lives and which embedder it uses, from environment variables."""

import os
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from knowledge.embeddings import DEFAULT_EMBEDDER

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class KnowledgeSettings:
    db_path: Path
    content_dir: Path
    embedder: str = DEFAULT_EMBEDDER

    @classmethod
    def from_env(cls) -> "KnowledgeSettings":
        env = os.environ
        data_dir = Path(env.get("FOERDERLOTSE_DATA_DIR", PROJECT_ROOT / "var"))
        return cls(
            db_path=Path(env.get("KNOWLEDGE_DB", data_dir / "knowledge.db")),
            content_dir=Path(env.get("KNOWLEDGE_CONTENT_DIR", PROJECT_ROOT / "knowledge/content")),
            embedder=env.get("KNOWLEDGE_EMBEDDER", DEFAULT_EMBEDDER),
        )

    def seed_in(self, data_dir: Path) -> "KnowledgeSettings":
        """A new knowledge base in `data_dir` seeded from the shipped content files (what a
        fresh `make run` serves), for measurements of the shipped product: `make eval`,
        `make bench`. Settings pointing at it."""
        from knowledge.base import KnowledgeBase  # the base needs the settings module

        seeded = replace(self, db_path=data_dir / "knowledge.db")
        KnowledgeBase(seeded).ensure()
        return seeded

    def copy_to(self, data_dir: Path) -> "KnowledgeSettings":
        """Copy the knowledge base into `data_dir` (as `knowledge.db`, where a stack with that
        data directory looks); settings pointing at the copy."""
        if not self.db_path.exists():
            raise FileNotFoundError(f"No knowledge base at {self.db_path}: run `make kb`.")
        data_dir.mkdir(parents=True, exist_ok=True)
        shutil.copy(self.db_path, data_dir / "knowledge.db")
        return replace(self, db_path=data_dir / "knowledge.db")
