"""Retention: conversations, logged events and records older than the retention period are
deleted – in Rasa's tracker store and the event log on SQLite or PostgreSQL
(`records.conversation_db`), and in the records.

Deletes run in batches of `ADMIN_RETENTION_BATCH` rows (500), each its own short transaction,
so Rasa, which waits only a few seconds for the database lock, keeps answering meanwhile.
"""

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from common.settings import load_settings
from records.conversation_db import ConversationDb
from records.erasure import as_db
from records.store import TABLES as RECORD_TABLES


@dataclass(frozen=True)
class RetentionResult:
    cutoff: str
    tracker_events: int
    records: int
    logged_events: int = 0


def _has_table(connection: sqlite3.Connection, table: str) -> bool:
    return (
        connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [table]
        ).fetchone()
        is not None
    )


def batch_size() -> int:
    """ADMIN_RETENTION_BATCH: rows per delete transaction (default 500)."""
    return load_settings().admin_retention_batch


def delete_in_batches(
    db: ConversationDb, timestamp: str, cutoff: datetime, batch: int | None = None
) -> int:
    """Delete `events` rows whose `timestamp` (an SQL expression) is before `cutoff`, `batch`
    rows per transaction."""
    size = batch or batch_size()
    removed = 0
    while True:
        deleted = db.delete(
            f"id IN (SELECT id FROM events WHERE {timestamp} < ? LIMIT ?)",
            [cutoff.timestamp(), size],
        )
        removed += deleted
        if deleted < size:
            return removed


def delete_old_tracker_events(
    tracker: Path | ConversationDb, cutoff: datetime, batch: int | None = None
) -> int:
    """Delete tracker events before `cutoff` (Rasa's documented `timestamp` column)."""
    return delete_in_batches(as_db(tracker), "timestamp", cutoff, batch)


def delete_old_logged_events(
    events: Path | ConversationDb, cutoff: datetime, batch: int | None = None
) -> int:
    """Delete the event log's events before `cutoff` (the event's own timestamp)."""
    db = as_db(events)
    return delete_in_batches(db, db.json_number("timestamp"), cutoff, batch)


def delete_old_records(path: Path, cutoff: datetime, batch: int | None = None) -> int:
    """Records carry `created_at` as UTC ISO text, so text order is time order."""
    if not path.exists():
        return 0
    size = batch or batch_size()
    removed = 0
    cutoff_text = cutoff.astimezone(UTC).isoformat(timespec="seconds")
    with closing(sqlite3.connect(path, timeout=30)) as connection:
        for table in RECORD_TABLES:
            if not _has_table(connection, table):
                continue
            while True:
                with connection:  # one short transaction per batch
                    deleted = connection.execute(
                        f"DELETE FROM [{table}] WHERE rowid IN "
                        f"(SELECT rowid FROM [{table}] WHERE created_at < ? LIMIT ?)",
                        [cutoff_text, size],
                    ).rowcount
                removed += deleted
                if deleted < size:
                    break
    return removed


def apply_retention(
    tracker: Path | ConversationDb,
    records_db: Path,
    days: int,
    now: datetime | None = None,
    events: Path | ConversationDb | None = None,
) -> RetentionResult:
    """Delete tracker events, logged events and records older than `days` days."""
    if days < 1:
        raise ValueError("the retention period must be at least one day")
    cutoff = (now or datetime.now(UTC)) - timedelta(days=days)
    return RetentionResult(
        cutoff=cutoff.isoformat(timespec="seconds"),
        tracker_events=delete_old_tracker_events(tracker, cutoff),
        records=delete_old_records(records_db, cutoff),
        logged_events=delete_old_logged_events(events, cutoff) if events is not None else 0,
    )
