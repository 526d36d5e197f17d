"""SQLite records kept for staff (sqlite-utils), deletable per sender for data protection."""

import hashlib
import hmac
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from common.settings import load_settings

TABLES = ("contact_requests", "feedback", "unanswered")


def sender_key(sender_id: str) -> str:
    """A stable pseudonym for a sender, so records can be deleted without storing raw ids.

    Keyed with RECORDS_KEY (set a secret in production, so ids such as Telegram chat numbers
    cannot be recovered by trying them all; changing it orphans older records).
    """
    key = load_settings().records_key.encode()
    return hmac.new(key, sender_id.encode(), hashlib.sha256).hexdigest()[:32]


class RecordStore:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or load_settings().records_db_path

    def _db(self) -> sqlite_utils.Database:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return sqlite_utils.Database(self.path)

    def _insert(self, table: str, sender_id: str, row: dict[str, Any]) -> int:
        db = self._db()
        try:
            record = {
                "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "sender": sender_key(sender_id),
                **row,
            }
            row_id = db.table(table).insert(record, pk="id").last_pk
            assert row_id is not None  # every insert has one
            return int(row_id)
        finally:
            db.close()

    def add_contact_request(
        self, sender_id: str, name: str, reach: str, question: str, language: str, channel: str
    ) -> int:
        row = {"name": name, "reach": reach, "question": question, "language": language}
        return self._insert("contact_requests", sender_id, {**row, "channel": channel})

    def add_feedback(self, sender_id: str, rating: str, about: str | None, channel: str) -> int:
        return self._insert(
            "feedback", sender_id, {"rating": rating, "about": about, "channel": channel}
        )

    def add_unanswered(self, sender_id: str, question: str, language: str, channel: str) -> int:
        row = {"question": question, "language": language, "channel": channel}
        return self._insert("unanswered", sender_id, row)

    def rows(self, table: str) -> list[dict[str, Any]]:
        db = self._db()
        try:
            return list(db[table].rows) if db[table].exists() else []
        finally:
            db.close()

    def delete_sender(self, sender_id: str) -> int:
        """Delete every record of one sender; returns how many were removed."""
        db = self._db()
        removed = 0
        try:
            with db.conn:
                for table in TABLES:
                    if db[table].exists():
                        cursor = db.execute(
                            f"DELETE FROM [{table}] WHERE sender = ?", [sender_key(sender_id)]
                        )
                        removed += cursor.rowcount
        finally:
            db.close()
        return removed
