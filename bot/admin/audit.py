"""The audit log: who changed what, when, with a field-level diff."""

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.admin.database import open_admin_db

Diff = dict[str, list[Any]]


def field_diff(before: dict[str, Any], after: dict[str, Any]) -> Diff:
    """{field: [old, new]} for every field whose value differs (missing counts as None)."""
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(before.keys() | after.keys())
        if before.get(key) != after.get(key)
    }


@dataclass(frozen=True)
class AuditRecord:
    id: int
    at: str
    user: str
    action: str
    entry_id: str
    kind: str
    diff: Diff


class AuditLog:
    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path

    def record(self, user: str, action: str, entry_id: str, kind: str, diff: Diff) -> int:
        with open_admin_db(self.db_path) as db:
            row = {
                "at": datetime.now(UTC).isoformat(timespec="seconds"),
                "user": user,
                "action": action,
                "entry_id": entry_id,
                "kind": kind,
                "diff": json.dumps(diff, ensure_ascii=False, default=str),
            }
            return int(db["audit"].insert(row).last_pk)

    def recent(self, limit: int = 200, entry_id: str | None = None) -> list[AuditRecord]:
        """The newest records first, optionally of one entry."""
        where, params = ("entry_id = ?", [entry_id]) if entry_id else (None, [])
        with open_admin_db(self.db_path) as db:
            rows = db["audit"].rows_where(where, params, order_by="id desc", limit=limit)
            return [AuditRecord(**{**row, "diff": json.loads(row["diff"] or "{}")}) for row in rows]
