"""Retention: conversations and records older than the retention period are deleted."""

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


def delete_old_tracker_events(path: Path, cutoff: datetime) -> int:
    return delete_tracker_rows(path, "timestamp < ?", [cutoff.timestamp()])


def delete_old_records(path: Path, cutoff: datetime) -> int:
    """Records carry `created_at` as UTC ISO text, so text order is time order."""
    if not path.exists():
        return 0
    removed = 0
    cutoff_text = cutoff.astimezone(UTC).isoformat(timespec="seconds")
    with closing(sqlite3.connect(path, timeout=30)) as connection, connection:
        for table in RECORD_TABLES:
            if _has_table(connection, table):
                cursor = connection.execute(
                    f"DELETE FROM [{table}] WHERE created_at < ?", [cutoff_text]
                )
                removed += cursor.rowcount
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
