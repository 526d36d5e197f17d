"""Erasure on request: delete what one sender left in Rasa's tracker store and in the records."""

import logging
import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from records.store import RecordStore

TRACKER_TABLE = "events"

logger = logging.getLogger(__name__)


def scrub_write_ahead_log(connection: sqlite3.Connection) -> None:
    """After a DELETE in a WAL-mode database: copy the log into the database and empty it, so
    deleted text does not linger in the `-wal` file (the database itself overwrites freed
    pages: `secure_delete`)."""
    busy, _, _ = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy:
        logger.warning("write-ahead log not emptied: database busy; retried at the next erasure")


def tracker_db_path() -> Path:
    """Rasa's SQL tracker store: `RASA_TRACKER_DB`, else `$FOERDERLOTSE_DATA_DIR/tracker.db`."""
    data_dir = Path(os.environ.get("FOERDERLOTSE_DATA_DIR", Path(__file__).parent.parent / "var"))
    return Path(os.environ.get("RASA_TRACKER_DB", data_dir / "tracker.db"))


@dataclass(frozen=True)
class Erased:
    """How many rows were deleted for one sender."""

    tracker_events: int
    records: int


def delete_tracker_rows(path: Path, condition: str, parameters: list[object]) -> int:
    """Delete the tracker events matching the SQL `condition` and leave no copy of them in the
    database file or its write-ahead log; returns rows removed (0 without database or table)."""
    if not path.exists():
        return 0
    with closing(sqlite3.connect(path, timeout=30)) as connection:
        connection.execute("PRAGMA secure_delete = ON")
        table = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [TRACKER_TABLE]
        ).fetchone()
        if table is None:
            return 0
        deleted = connection.execute(
            f"DELETE FROM {TRACKER_TABLE} WHERE {condition}", parameters
        ).rowcount
        connection.commit()
        scrub_write_ahead_log(connection)
        return deleted


def delete_tracker_events(sender_id: str, path: Path | None = None) -> int:
    """Delete the sender's conversation from Rasa's SQLite tracker store; returns rows removed."""
    return delete_tracker_rows(path or tracker_db_path(), "sender_id = ?", [sender_id])


def erase_sender(sender_id: str) -> Erased:
    """Delete the sender's stored conversation and contact requests, feedback, questions."""
    return Erased(
        tracker_events=delete_tracker_events(sender_id),
        records=RecordStore().delete_sender(sender_id),
    )
