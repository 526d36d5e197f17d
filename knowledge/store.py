"""The knowledge base: one SQLite file that is the single source of truth at run time.

The file holds everything a reader needs, so that entries, the full-text index and the
vectors always belong together: one typed table per kind, the FTS5 index, the entry vectors,
each entry's import state (for conflict checks), the change log (who changed what, when) and
metadata with the schema version.

Every write builds a complete new file beside the old one, commits it and swaps it in with one
`os.replace`: a crash in the middle leaves the old base, and a reader that opened the old file
keeps reading it whole (see `Snapshot`). A lock file serialises writers; the previous file is
kept as `<name>.bak`.
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

import numpy as np
import sqlite_utils

from knowledge.content import entry_to_data
from knowledge.embeddings import Embedder
from knowledge.models import (
    KIND_FOLDERS,
    KINDS,
    MODELS,
    PAUSE_COLUMNS,
    Entry,
    Kind,
    flatten_pause,
    nest_pause,
    pause_column,
)
from knowledge.text import fts_document

SCHEMA_VERSION = 2
TABLES: dict[Kind, str] = {
    "programme": "programmes",
    "centre": "centres",
    "case": "cases",
    "faq": "faqs",
}
FOLDERS: dict[Kind, str] = {kind: folder for folder, kind in KIND_FOLDERS.items()}
SYSTEM_USER = "system"

Diff = dict[str, list[Any]]


def entry_hash(entry: Entry) -> str:
    data = json.dumps({"kind": entry.kind, **entry_to_data(entry)}, sort_keys=True)
    return hashlib.sha256(data.encode()).hexdigest()


def content_hash(entries: list[Entry]) -> str:
    """One hash of a whole base: equal for equal content, whatever the order."""
    digest = hashlib.sha256()
    for value in sorted(entry_hash(e) for e in entries):
        digest.update(value.encode())
    return digest.hexdigest()


def text_hash(entry: Entry) -> str:
    """Hash of the text an entry's vector is computed from."""
    return hashlib.sha256(entry.embedding_text().encode()).hexdigest()


def field_diff(before: dict[str, Any], after: dict[str, Any]) -> Diff:
    """{field: [old, new]} for every field whose value differs (missing counts as None)."""
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(before.keys() | after.keys())
        if before.get(key) != after.get(key)
    }


def default_file(kind: Kind) -> str:
    """The content file that entries created by staff are exported to."""
    return f"{FOLDERS[kind]}/added.yaml"


@dataclass(frozen=True)
class EntryState:
    """Where an entry comes from and what it looked like at the last import.

    `imported_hash` differs from the entry's hash when staff changed it since (None: created
    by staff); `deleted_at` marks an entry staff deleted (a tombstone, so an import cannot bring
    it back silently)."""

    kind: Kind
    source_file: str
    position: int
    imported_hash: str | None
    deleted_at: str | None = None


@dataclass(frozen=True)
class Change:
    """One line of the change log."""

    id: int
    at: str
    user: str
    action: str
    entry_id: str
    kind: str
    diff: Diff


# The change log's columns: the knowledge base's `changes` and the console's `audit` table.
CHANGE_COLUMNS: dict[str, type] = {
    "id": int,
    "at": str,
    "user": str,
    "action": str,
    "entry_id": str,
    "kind": str,
    "diff": str,
}


def change_row(user: str, action: str, entry_id: str, kind: str, diff: Diff) -> dict[str, Any]:
    """One line of a change log as stored, stamped now (without its id)."""
    return {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "user": user,
        "action": action,
        "entry_id": entry_id,
        "kind": kind,
        "diff": json.dumps(diff, ensure_ascii=False, default=str),
    }


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


@dataclass
class BaseContent:
    """Everything in one base file, as read or about to be written."""

    entries: dict[str, Entry] = field(default_factory=dict)
    states: dict[str, EntryState] = field(default_factory=dict)
    vectors: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # id -> (text hash, f32)
    changes: list[dict[str, Any]] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)


def _list_fields(model: type[Entry]) -> set[str]:
    return {
        name
        for name, info in model.model_fields.items()
        if getattr(info.annotation, "__origin__", None) is list
    }


def _to_row(entry: Entry) -> dict[str, Any]:
    data = entry.model_dump(mode="json", by_alias=True)
    pause = data.pop("pause", None)
    row = {
        key: json.dumps(value) if isinstance(value, list) else value for key, value in data.items()
    }
    row.update({**flatten_pause(pause), "entry_hash": entry_hash(entry)})
    return row


def entry_from_row(kind: Kind, row: dict[str, Any]) -> Entry:
    """An entry from a table row (columns the model does not know are ignored)."""
    model = MODELS[kind]
    lists = _list_fields(model)
    data = {k: v for k, v in row.items() if k in model.model_fields and v is not None}
    for name in lists & data.keys():
        data[name] = json.loads(data[name])
    if row.get(pause_column("from")):
        data["pause"] = nest_pause(row)
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
        db.table(table).create(columns, pk="id", not_null={"id", "source_url", "last_checked"})
    db.table("entry_state").create(
        {
            "id": str,
            "kind": str,
            "source_file": str,
            "position": int,
            "imported_hash": str,
            "deleted_at": str,
        },
        pk="id",
    )
    db.table("vectors").create({"id": str, "text_hash": str, "vector": bytes}, pk="id")
    db.table("changes").create(CHANGE_COLUMNS, pk="id")
    db.table("changes").create_index(["entry_id"])
    db.table("sources").create(
        {"entry_id": str, "kind": str, "url": str, "last_checked": str}, pk="entry_id"
    )
    db.table("meta").create({"key": str, "value": str}, pk="key")
    db.execute(
        "CREATE VIRTUAL TABLE search_fts USING fts5("
        "id UNINDEXED, kind UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2')"
    )


def _table_exists(db: sqlite_utils.Database, name: str) -> bool:
    return db[name].exists()


def read_base(connection: sqlite3.Connection) -> BaseContent:
    """Read a whole base file of any schema version (older files lack the newer tables)."""
    db = sqlite_utils.Database(connection)
    content = BaseContent()
    if _table_exists(db, "meta"):
        content.meta = {row["key"]: row["value"] for row in db["meta"].rows}
    for kind, table in TABLES.items():
        if _table_exists(db, table):
            for row in db[table].rows_where(order_by="id"):
                content.entries[row["id"]] = entry_from_row(kind, row)
    if _table_exists(db, "entry_state"):
        for row in db["entry_state"].rows:
            content.states[row["id"]] = EntryState(
                kind=row["kind"],
                source_file=row["source_file"],
                position=row["position"],
                imported_hash=row["imported_hash"],
                deleted_at=row["deleted_at"],
            )
    if _table_exists(db, "vectors"):
        for row in db["vectors"].rows:
            content.vectors[row["id"]] = (row["text_hash"], row["vector"])
    if _table_exists(db, "changes"):
        content.changes = list(db["changes"].rows_where(order_by="id"))
    return content


class Snapshot:
    """One consistent state of the base for a reader: entries, vectors and the full-text index,
    all from the same file. The file stays readable through the open connection even after a
    writer has swapped in a newer one."""

    def __init__(self, path: Path) -> None:
        self.signature = file_signature(path)
        self._connection = sqlite3.connect(
            f"file:{path}?mode=ro", uri=True, check_same_thread=False
        )
        content = read_base(self._connection)
        self.entries = content.entries
        self.meta = content.meta
        self.content_hash = content.meta.get("content_hash")
        self.embedder = content.meta.get("embedder")
        self.ids = [entry_id for entry_id in content.entries if entry_id in content.vectors]
        dimension = int(content.meta.get("dimension", "0"))
        self.vectors = (
            np.vstack([np.frombuffer(content.vectors[i][1], dtype=np.float32) for i in self.ids])
            if self.ids
            else np.zeros((0, dimension), dtype=np.float32)
        )

    def lexical_search(self, fts_query: str, limit: int) -> list[tuple[str, float]]:
        """Ids and BM25 scores (higher is better) for an FTS5 query."""
        rows = self._connection.execute(
            "SELECT id, bm25(search_fts) FROM search_fts WHERE search_fts MATCH ? "
            "ORDER BY bm25(search_fts) LIMIT ?",
            [fts_query, limit],
        ).fetchall()
        return [(entry_id, -score) for entry_id, score in rows]

    def close(self) -> None:
        self._connection.close()


def file_signature(path: Path) -> tuple[int, int, int]:
    """Changes whenever a writer swaps in a new file."""
    stat = path.stat()
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


class KnowledgeStore:
    """Reads and writes the knowledge base file at `path`."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    @property
    def backup_path(self) -> Path:
        return self.path.with_name(self.path.name + ".bak")

    def exists(self) -> bool:
        return self.path.exists()

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        if not self.path.exists():
            raise FileNotFoundError(f"No knowledge base at {self.path}: run `make kb`.")
        connection = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        try:
            yield connection
        finally:
            connection.close()

    def read(self) -> BaseContent:
        """The whole base (empty when there is no file yet)."""
        if not self.exists():
            return BaseContent()
        with self._read() as connection:
            return read_base(connection)

    def entries(self, kind: Kind | None = None) -> list[Entry]:
        """All entries (of one kind), ordered by kind and id."""
        entries = self.read().entries.values()
        return [
            e
            for k in (KINDS if kind is None else (kind,))
            for e in sorted(entries, key=lambda e: e.id)
            if e.kind == k
        ]

    def get(self, entry_id: str) -> Entry | None:
        with self._read() as connection:
            db = sqlite_utils.Database(connection)
            for kind, table in TABLES.items():
                rows = list(db[table].rows_where("id = ?", [entry_id]))
                if rows:
                    return entry_from_row(kind, rows[0])
        return None

    def meta(self, key: str) -> str | None:
        with self._read() as connection:
            row = connection.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def schema_version(self) -> int:
        """1 for files written before versions were recorded."""
        return int(self.meta("schema_version") or 1)

    def changes(self, limit: int = 200, entry_id: str | None = None) -> list[Change]:
        """The change log, newest first, optionally of one entry."""
        where, params = ("WHERE entry_id = ?", [entry_id]) if entry_id else ("", [])
        with self._read() as connection:
            connection.row_factory = sqlite3.Row
            rows = connection.execute(
                f"SELECT * FROM changes {where} ORDER BY id DESC LIMIT ?", [*params, limit]
            ).fetchall()
        return [Change(**{**dict(row), "diff": json.loads(row["diff"] or "{}")}) for row in rows]

    def snapshot(self) -> Snapshot:
        if not self.exists():
            raise FileNotFoundError(f"No knowledge base at {self.path}: run `make kb`.")
        return Snapshot(self.path)

    @contextmanager
    def writing(self) -> Iterator[BaseContent]:
        """Lock, read the current base, let the caller change it, then write it as a new file.
        Nothing is written when the block raises."""
        with self._lock():
            content = self.read()
            yield content

    @contextmanager
    def _lock(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.with_name(self.path.name + ".lock").open("w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def write(self, content: BaseContent, embedder: Embedder) -> None:
        """Write `content` as a complete new file and swap it in (call inside `writing()`).

        Vectors of entries whose text is unchanged are kept; the others are computed with
        `embedder`, so entries and vectors are never out of step."""
        entries = list(content.entries.values())
        _refresh_vectors(content, embedder)
        temporary = self.path.with_name(self.path.name + ".new")
        temporary.unlink(missing_ok=True)
        try:
            db = sqlite_utils.Database(temporary)
            _create_schema(db)
            with db.conn:
                for kind, table in TABLES.items():
                    rows = [_to_row(e) for e in entries if e.kind == kind]
                    if rows:
                        db.table(table).insert_all(rows)
                db.table("entry_state").insert_all(
                    {"id": entry_id, **vars(state)} for entry_id, state in content.states.items()
                )
                db.table("vectors").insert_all(
                    {"id": entry_id, "text_hash": digest, "vector": blob}
                    for entry_id, (digest, blob) in content.vectors.items()
                )
                db.table("changes").insert_all(content.changes)
                db.table("sources").insert_all(
                    {
                        "entry_id": e.id,
                        "kind": e.kind,
                        "url": e.source_url,
                        "last_checked": e.last_checked.isoformat(),
                    }
                    for e in entries
                )
                db.table("search_fts").insert_all(
                    {"id": e.id, "kind": e.kind, "body": fts_document(e.search_text())}
                    for e in entries
                )
                meta = {
                    **content.meta,
                    "schema_version": str(SCHEMA_VERSION),
                    "content_hash": content_hash(entries),
                    "embedder": embedder.name,
                    "dimension": str(embedder.dimension),
                    "written_at": datetime.now(UTC).isoformat(),
                }
                db.table("meta").insert_all({"key": k, "value": v} for k, v in meta.items())
            db.close()
            _fsync(temporary)
            if self.path.exists():
                self._backup()
            os.replace(temporary, self.path)
            _fsync(self.path.parent)
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


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _refresh_vectors(content: BaseContent, embedder: Embedder) -> None:
    """Keep a vector per entry, computed from its current text with `embedder`."""
    same_embedder = content.meta.get("embedder") == embedder.name
    vectors = {
        entry_id: value
        for entry_id, value in content.vectors.items()
        if same_embedder and entry_id in content.entries
    }
    stale = [
        entry
        for entry in content.entries.values()
        if vectors.get(entry.id, ("", b""))[0] != text_hash(entry)
    ]
    if stale:
        computed = embedder.embed_documents([entry.embedding_text() for entry in stale])
        for entry, vector in zip(stale, computed, strict=True):
            vectors[entry.id] = (text_hash(entry), np.asarray(vector, np.float32).tobytes())
    content.vectors = vectors


def record_change(
    content: BaseContent, user: str, action: str, entry_id: str, kind: str, diff: Diff
) -> None:
    """Append a line to the change log of `content` (written with it, atomically)."""
    next_id = max((row["id"] for row in content.changes), default=0) + 1
    content.changes.append({"id": next_id, **change_row(user, action, entry_id, kind, diff)})


def apply_edit(
    content: BaseContent,
    upserts: list[Entry],
    deletes: list[str],
    user: str,
    action: str,
) -> ChangeSummary:
    """Apply a staff edit to `content`: entries change, the import state stays (so the entry
    counts as changed by staff), deletions leave a tombstone, every change is logged."""
    unknown = [entry_id for entry_id in deletes if entry_id not in content.entries]
    if unknown:
        raise KeyError(f"unknown id(s): {', '.join(unknown)}")
    summary = ChangeSummary()
    now = datetime.now(UTC).isoformat(timespec="seconds")
    for entry in upserts:
        old = content.entries.get(entry.id)
        before = entry_to_data(old) if old else {}
        if old is not None and entry_hash(old) == entry_hash(entry):
            summary.unchanged += 1
            continue
        (summary.changed if old else summary.added).append(entry.id)
        content.entries[entry.id] = entry
        state = content.states.get(entry.id)
        if state is None:
            position = 1 + max((s.position for s in content.states.values()), default=0)
            content.states[entry.id] = EntryState(
                entry.kind, default_file(entry.kind), position, None
            )
        elif state.deleted_at:
            content.states[entry.id] = EntryState(
                entry.kind, state.source_file, state.position, state.imported_hash
            )
        record_change(
            content, user, action, entry.id, entry.kind, field_diff(before, entry_to_data(entry))
        )
    for entry_id in deletes:
        old = content.entries.pop(entry_id)
        state = content.states[entry_id]
        content.states[entry_id] = EntryState(
            state.kind, state.source_file, state.position, state.imported_hash, now
        )
        summary.removed.append(entry_id)
        record_change(content, user, action, entry_id, old.kind, field_diff(entry_to_data(old), {}))
    return summary
