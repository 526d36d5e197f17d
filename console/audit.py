"""The audit log: who changed what, when, with a field-level diff.

Knowledge changes are logged inside the knowledge base itself, in the same atomic write as the
change (`KnowledgeStore.changes`); the console's own actions (erasure, retention) are logged in
the console's database. `recent` shows both as one log."""

import json
from pathlib import Path

from console.database import open_admin_db
from knowledge.store import Change, Diff, KnowledgeStore, change_row

AuditRecord = Change  # one line of the log, console actions and knowledge changes alike


class AuditLog:
    def __init__(self, db_path: Path, knowledge: KnowledgeStore) -> None:
        self.db_path = db_path
        self.knowledge = knowledge

    def record(self, user: str, action: str, entry_id: str, kind: str, diff: Diff) -> int:
        with open_admin_db(self.db_path) as db:
            row_id = (
                db.table("audit").insert(change_row(user, action, entry_id, kind, diff)).last_pk
            )
            assert row_id is not None  # every insert has one
            return int(row_id)

    def recent(self, limit: int = 200, entry_id: str | None = None) -> list[AuditRecord]:
        """The newest records first (knowledge changes and console actions), optionally of one
        entry."""
        where, params = ("entry_id = ?", [entry_id]) if entry_id else (None, [])
        with open_admin_db(self.db_path) as db:
            rows = db["audit"].rows_where(where, params, order_by="id desc", limit=limit)
            records = [
                AuditRecord(**{**row, "diff": json.loads(row["diff"] or "{}")}) for row in rows
            ]
        if self.knowledge.exists():
            records += self.knowledge.changes(limit=limit, entry_id=entry_id)
        return sorted(records, key=lambda record: record.at, reverse=True)[:limit]
