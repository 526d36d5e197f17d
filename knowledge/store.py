"""The knowledge base in SQLite: one typed table per kind, sources, full-text index, metadata.

Every write builds the new database beside the old one and swaps it in atomically, keeping the
previous database as `<name>.bak`: a failed write leaves the base exactly as it was, and readers
never see half a change. A lock file serialises writers.
"""

import fcntl
import hashlib
import json
import os
import sqlite3
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from knowledge.content import entry_to_data
from knowledge.models import KINDS, MODELS, Entry, Kind
from knowledge.text import fts_document

TABLES: dict[Kind, str] = {
    "programme": "programmes",
    "centre": "centres",
    "case": "cases",
    "faq": "faqs",
}
PAUSE_COLUMNS = ("pause_from", "pause_until", "pause_note_de", "pause_note_en")


@dataclass
class ChangeSummary:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def to_json(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "changed": self.changed,
            "removed": self.removed,
            "unchanged": self.unchanged,
        }


def entry_hash(entry: Entry) -> str:
    data = json.dumps({"kind": entry.kind, **entry_to_data(entry)}, sort_keys=True)
    return hashlib.sha256(data.encode()).hexdigest()


def content_hash(entries: list[Entry]) -> str:
    """One hash of a whole base: equal for equal content, whatever the order."""
    digest = hashlib.sha256()
    for value in sorted(entry_hash(e) for e in entries):
        digest.update(value.encode())
    return digest.hexdigest()


def _list_fields(model: type[Entry]) -> set[str]:
    return {
        name
        for name, info in model.model_fields.items()
        if getattr(info.annotation, "__origin__", None) is list
    }


def _to_row(entry: Entry) -> dict[str, Any]:
    data = entry.model_dump(mode="json", by_alias=True)
    pause = data.pop("pause", None) or {}
    row = {
        key: json.dumps(value) if isinstance(value, list) else value for key, value in data.items()
    }
    row.update(
        {
            "pause_from": pause.get("from"),
            "pause_until": pause.get("until"),
            "pause_note_de": pause.get("note_de"),
            "pause_note_en": pause.get("note_en"),
            "entry_hash": entry_hash(entry),
        }
    )
    return row


def _from_row(kind: Kind, row: dict[str, Any]) -> Entry:
    model = MODELS[kind]
    lists = _list_fields(model)
    data = {k: v for k, v in row.items() if k in model.model_fields and v is not None}
    for name in lists & data.keys():
        data[name] = json.loads(data[name])
    if row.get("pause_from"):
        data["pause"] = {
            key: row[column]
            for key, column in zip(
                ("from", "until", "note_de", "note_en"), PAUSE_COLUMNS, strict=True
            )
            if row.get(column)
        }
    return model.model_validate(data)


def _column_type(annotation: Any) -> type:
    """int or float for numeric fields (also inside Optional/Annotated), else str."""
    pending = [annotation]
    while pending:
        current = pending.pop()
        if current in (int, float):
            return current
        pending.extend(typing.get_args(current))
    return str


def _create_schema(db: sqlite_utils.Database) -> None:
    for kind, table in TABLES.items():
        model = MODELS[kind]
        columns: dict[str, Any] = {}
        for name, info in model.model_fields.items():
            if name == "pause":
                continue
            if name in _list_fields(model):
                columns[name] = str
            else:
                columns[name] = _column_type(info.annotation)
        columns.update({column: str for column in PAUSE_COLUMNS})
        columns["entry_hash"] = str
        db[table].create(columns, pk="id", not_null={"id", "source_url", "last_checked"})
    db["sources"].create(
        {"entry_id": str, "kind": str, "url": str, "last_checked": str}, pk="entry_id"
    )
    db["meta"].create({"key": str, "value": str}, pk="key")
    db.execute(
        "CREATE VIRTUAL TABLE search_fts USING fts5("
        "id UNINDEXED, kind UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2')"
    )


class KnowledgeStore:
    """Reads and writes the knowledge database at `path`."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    @property
    def backup_path(self) -> Path:
        return self.path.with_name(self.path.name + ".bak")

    def exists(self) -> bool:
        return self.path.exists()

    @contextmanager
    def _read(self) -> Iterator[sqlite_utils.Database]:
        if not self.path.exists():
            raise FileNotFoundError(f"No knowledge base at {self.path}: run `make kb`.")
        connection = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        try:
            yield sqlite_utils.Database(connection)
        finally:
            connection.close()

    def entries(self, kind: Kind | None = None) -> list[Entry]:
        """All entries (of one kind), ordered by kind and id."""
        with self._read() as db:
            return [
                _from_row(k, row)
                for k in (KINDS if kind is None else (kind,))
                for row in db[TABLES[k]].rows_where(order_by="id")
            ]

    def get(self, entry_id: str) -> Entry | None:
        with self._read() as db:
            for kind, table in TABLES.items():
                rows = list(db[table].rows_where("id = ?", [entry_id]))
                if rows:
                    return _from_row(kind, rows[0])
        return None

    def meta(self, key: str) -> str | None:
        with self._read() as db:
            rows = list(db["meta"].rows_where("key = ?", [key]))
        return rows[0]["value"] if rows else None

    def lexical_search(self, fts_query: str, limit: int) -> list[tuple[str, float]]:
        """Ids and BM25 scores (higher is better) for an FTS5 query."""
        with self._read() as db:
            rows = db.execute(
                "SELECT id, bm25(search_fts) FROM search_fts WHERE search_fts MATCH ? "
                "ORDER BY bm25(search_fts) LIMIT ?",
                [fts_query, limit],
            ).fetchall()
        return [(entry_id, -score) for entry_id, score in rows]

    def replace_all(self, entries: list[Entry]) -> ChangeSummary:
        """Make the base hold exactly `entries` (those not given are removed)."""
        current = {e.id for e in self.entries()} if self.exists() else set()
        given = {e.id for e in entries}
        return self.apply(upserts=entries, deletes=sorted(current - given))

    def apply(self, upserts: list[Entry], deletes: list[str]) -> ChangeSummary:
        """Add or replace `upserts` and remove `deletes` in one atomic change."""
        with self._lock():
            before = {e.id: e for e in self.entries()} if self.exists() else {}
            summary = ChangeSummary()
            for entry in upserts:
                old = before.get(entry.id)
                if old is None:
                    summary.added.append(entry.id)
                elif entry_hash(old) != entry_hash(entry) or old.kind != entry.kind:
                    summary.changed.append(entry.id)
                else:
                    summary.unchanged += 1
            unknown = [entry_id for entry_id in deletes if entry_id not in before]
            if unknown:
                raise KeyError(f"unknown id(s): {', '.join(unknown)}")
            summary.removed = list(deletes)
            if summary.has_changes or not self.exists():
                after = dict(before)
                for entry_id in deletes:
                    after.pop(entry_id)
                after.update({e.id: e for e in upserts})
                self._write(list(after.values()))
            return summary

    @contextmanager
    def _lock(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.with_name(self.path.name + ".lock").open("w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _write(self, entries: list[Entry]) -> None:
        """Write a complete new database, then swap it in and keep the old one as backup."""
        temporary = self.path.with_name(self.path.name + ".new")
        temporary.unlink(missing_ok=True)
        try:
            db = sqlite_utils.Database(temporary)
            _create_schema(db)
            with db.conn:
                for kind, table in TABLES.items():
                    rows = [_to_row(e) for e in entries if e.kind == kind]
                    if rows:
                        db[table].insert_all(rows)
                db["sources"].insert_all(
                    {
                        "entry_id": e.id,
                        "kind": e.kind,
                        "url": e.source_url,
                        "last_checked": e.last_checked.isoformat(),
                    }
                    for e in entries
                )
                db["search_fts"].insert_all(
                    {"id": e.id, "kind": e.kind, "body": fts_document(e.search_text())}
                    for e in entries
                )
                db["meta"].insert_all(
                    [
                        {"key": "content_hash", "value": content_hash(entries)},
                        {"key": "written_at", "value": datetime.now(UTC).isoformat()},
                    ]
                )
            db.close()
            if self.path.exists():
                self._backup()
            os.replace(temporary, self.path)
        finally:
            temporary.unlink(missing_ok=True)

    def _backup(self) -> None:
        source = sqlite3.connect(self.path)
        target = sqlite3.connect(self.backup_path)
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
