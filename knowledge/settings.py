"""Where the knowledge base lives and which embedder it uses (a view of `common.settings`)."""

import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from common.settings import Settings
from knowledge.embeddings import DEFAULT_EMBEDDER


@dataclass(frozen=True)
class KnowledgeSettings:
    db_path: Path
    content_dir: Path
    embedder: str = DEFAULT_EMBEDDER

    @classmethod
    def from_settings(cls, settings: Settings) -> "KnowledgeSettings":
        return cls(
            db_path=settings.knowledge_db_path,
            content_dir=settings.knowledge_content_dir,
            embedder=settings.knowledge_embedder,
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
