"""Soft delete: the data of deleted entries, kept so staff can undo a deletion."""

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from console.database import open_admin_db


@dataclass(frozen=True)
class TrashItem:
    id: int
    entry_id: str
    kind: str
    data: dict[str, Any]
    deleted_at: str
    deleted_by: str
    restored_at: str | None
    restored_by: str | None

    @property
    def title(self) -> str:
        for key in ("name", "title_de", "question_de"):
            if self.data.get(key):
                return str(self.data[key])
        return self.entry_id


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Trash:
    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path

    def put(self, entry_id: str, kind: str, data: dict[str, Any], user: str) -> int:
        with open_admin_db(self.db_path) as db:
            row = {
                "entry_id": entry_id,
                "kind": kind,
                "data": json.dumps(data, ensure_ascii=False),
                "deleted_at": _now(),
                "deleted_by": user,
            }
            row_id = db.table("trash").insert(row).last_pk
            assert row_id is not None  # every insert has one
            return int(row_id)

    def get(self, item_id: int) -> TrashItem | None:
        with open_admin_db(self.db_path) as db:
            rows = list(db["trash"].rows_where("id = ?", [item_id]))
        return _item(rows[0]) if rows else None

    def waiting(self) -> list[TrashItem]:
        """Deleted entries not restored yet, newest first."""
        with open_admin_db(self.db_path) as db:
            rows = db["trash"].rows_where("restored_at IS NULL", order_by="id desc")
            return [_item(row) for row in rows]

    def mark_restored(self, item_id: int, user: str) -> None:
        with open_admin_db(self.db_path) as db:
            db.table("trash").update(item_id, {"restored_at": _now(), "restored_by": user})


def _item(row: dict[str, Any]) -> TrashItem:
    return TrashItem(**{**row, "data": json.loads(row["data"])})
