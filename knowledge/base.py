"""The knowledge base as one object: seeding and migrating at start-up, staff edits, explicit
imports and exports, and search over the current snapshot.

The database is the one source of truth at run time. Start-up (`ensure`) never overwrites it:
it seeds an empty base from the shipped content files, migrates an older schema and re-embeds
after a change of embedder, always keeping every entry and edit.
"""

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from knowledge.content import LocatedEntry, load_located
from knowledge.embeddings import Embedder, create_embedder
from knowledge.exchange import ImportReport, apply_import, export_files, plan_import
from knowledge.index import SemanticIndex
from knowledge.migrations import migrate
from knowledge.models import Entry
from knowledge.search import KnowledgeSearch
from knowledge.settings import KnowledgeSettings
from knowledge.store import (
    SCHEMA_VERSION,
    SYSTEM_USER,
    ChangeSummary,
    KnowledgeStore,
    Snapshot,
    apply_edit,
    file_signature,
)

logger = logging.getLogger(__name__)


class ImportConflict(Exception):
    """An import would overwrite staff edits; `report` lists them. Nothing was written."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__(f"{len(report.conflicts)} entries were changed by staff")
        self.report = report


@dataclass(frozen=True)
class EnsureReport:
    action: str  # seeded, migrated, reembedded or ready
    entries: int
    differs_from_files: int


class KnowledgeBase:
    """Writers and readers of one base. The embedder is loaded on first need (a write embeds
    the changed entries in the same atomic step; a search embeds the query)."""

    def __init__(self, settings: KnowledgeSettings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.store = KnowledgeStore(settings.db_path)
        self._embedder = embedder
        self._embedder_lock = threading.Lock()

    @property
    def embedder(self) -> Embedder:
        with self._embedder_lock:
            if self._embedder is None:
                self._embedder = create_embedder(self.settings.embedder)
            return self._embedder

    # --- start-up -------------------------------------------------------------------------

    def ensure(self, progress: Callable[[str], None] = logger.info) -> EnsureReport:
        """Make the base usable without losing anything: seed when missing, migrate an old
        schema, re-embed for another embedder. Returns what was done."""
        seed = load_located(self.settings.content_dir)
        if not self.store.exists():
            self.import_located(seed, user=SYSTEM_USER, sync=False, force=False, seed=True)
            progress(f"seeded {len(seed)} entries from {self.settings.content_dir}")
            return EnsureReport("seeded", len(seed), 0)
        action = "ready"
        if self.store.schema_version() < SCHEMA_VERSION:
            with self.store.writing() as content:
                migrate(content, seed)
                self.store.write(content, self.embedder)
            action = "migrated"
        elif self.store.meta("embedder") != self.settings.embedder:
            with self.store.writing() as content:
                self.store.write(content, self.embedder)
            action = "reembedded"
        content = self.store.read()
        report = plan_import(content, seed, sync=True)
        return EnsureReport(action, len(content.entries), len(report.diffs))

    # --- staff edits ----------------------------------------------------------------------

    def edit(
        self, upserts: list[Entry], deletes: list[str], user: str, action: str
    ) -> ChangeSummary:
        """Add, change or delete entries as a staff edit, in one atomic write."""
        with self.store.writing() as content:
            summary = apply_edit(content, upserts, deletes, user, action)
            if summary.has_changes:
                self.store.write(content, self.embedder)
        return summary

    # --- import and export ----------------------------------------------------------------

    def import_files(
        self, path: Path, user: str, sync: bool, force: bool, dry_run: bool = False
    ) -> ImportReport:
        known = {e.id for e in self.store.entries()} if self.store.exists() else set()
        return self.import_located(load_located(path, known_ids=known), user, sync, force, dry_run)

    def import_located(
        self,
        incoming: list[LocatedEntry],
        user: str,
        sync: bool,
        force: bool,
        dry_run: bool = False,
        seed: bool = False,
    ) -> ImportReport:
        """Import entries; raise ImportConflict (writing nothing) when it would overwrite a
        staff edit, unless `force`. Seeding an empty base is not logged as a change."""
        with self.store.writing() as content:
            report = plan_import(content, incoming, sync)
            if report.conflicts and not force:
                raise ImportConflict(report)
            report.forced = bool(report.conflicts)
            if dry_run:
                return report
            before = dict(content.states)
            apply_import(content, incoming, report, user, log=not seed)
            if report.diffs or content.states != before or not self.store.exists():
                self.store.write(content, self.embedder)
                report.written = True
        return report

    def export(self, out: Path) -> tuple[list[Path], list[Path]]:
        """Write the base as content files under `out` (the same files it was imported from);
        the files written and the ones removed because none of their entries is left."""
        return export_files(self.store.read(), out)

    # --- search ---------------------------------------------------------------------------

    def open_search(self) -> KnowledgeSearch:
        return search_snapshot(self.store.snapshot(), self.embedder)


def search_snapshot(snapshot: Snapshot, embedder: Embedder) -> KnowledgeSearch:
    """A search over one snapshot; its vectors must come from `embedder`."""
    if snapshot.embedder != embedder.name:
        raise ValueError(
            f"the base's vectors come from {snapshot.embedder}, not {embedder.name}: "
            "run `make kb` to re-embed"
        )
    return KnowledgeSearch(
        snapshot, SemanticIndex.from_vectors(snapshot.ids, snapshot.vectors), embedder
    )


class LiveKnowledge:
    """A reader that always answers from the newest snapshot: each call checks the file's
    signature (one stat) and loads the new file once a writer has swapped it in. While one
    thread loads, the others keep answering from the previous snapshot."""

    def __init__(self, base: KnowledgeBase) -> None:
        self.base = base
        self._search: KnowledgeSearch | None = None
        self._lock = threading.Lock()

    def search(self) -> KnowledgeSearch:
        current = self._search
        if current is not None and not self._stale(current):
            return current
        if not self._lock.acquire(blocking=current is None):
            return current  # type: ignore[return-value]  # another thread is loading
        try:
            if self._search is None or self._stale(self._search):
                fresh = self.base.open_search()
                # Threads still searching the previous snapshot finish with it; its file
                # closes when the last of them lets go.
                self._search = fresh
                logger.info(
                    "knowledge loaded",
                    extra={"entries": len(fresh.entries), "hash": fresh.content_hash},
                )
            return self._search
        finally:
            self._lock.release()

    def _stale(self, search: KnowledgeSearch) -> bool:
        try:
            return file_signature(self.base.store.path) != search.signature
        except FileNotFoundError:
            return False
