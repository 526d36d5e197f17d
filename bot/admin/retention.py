"""Retention: conversations and records older than the retention period are deleted.

Deletes run in batches of `ADMIN_RETENTION_BATCH` rows (500), each its own short transaction,
so Rasa, which waits only a few seconds for the database lock, keeps answering meanwhile.
"""

import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from records.erasure import delete_tracker_rows
from records.store import TABLES as RECORD_TABLES


@dataclass(frozen=True)
class RetentionResult:
    cutoff: str
    tracker_events: int
    records: int


def _has_table(connection: sqlite3.Connection, table: str) -> bool:
    return (
        connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [table]
        ).fetchone()
        is not None
    )


DEFAULT_BATCH = 500


def batch_size() -> int:
    """ADMIN_RETENTION_BATCH: rows per delete transaction (default 500)."""
    return max(1, int(os.environ.get("ADMIN_RETENTION_BATCH", DEFAULT_BATCH)))


def delete_old_tracker_events(path: Path, cutoff: datetime, batch: int | None = None) -> int:
    """Delete tracker events before `cutoff`, `batch` rows per transaction."""
    size = batch or batch_size()
    removed = 0
    while True:
        deleted = delete_tracker_rows(
            path,
            "id IN (SELECT id FROM events WHERE timestamp < ? LIMIT ?)",
            [cutoff.timestamp(), size],
        )
        removed += deleted
        if deleted < size:
            return removed


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
    tracker_db: Path, records_db: Path, days: int, now: datetime | None = None
) -> RetentionResult:
    """Delete tracker events and records older than `days` days."""
    if days < 1:
        raise ValueError("the retention period must be at least one day")
    cutoff = (now or datetime.now(UTC)) - timedelta(days=days)
    return RetentionResult(
        cutoff=cutoff.isoformat(timespec="seconds"),
        tracker_events=delete_old_tracker_events(tracker_db, cutoff),
        records=delete_old_records(records_db, cutoff),
    )
