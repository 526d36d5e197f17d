"""The console's own SQLite database: staff accounts, failed logins, signed-in sessions, audit
log and trash."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlite_utils

from knowledge.store import CHANGE_COLUMNS

SCHEMA: dict[str, tuple[dict[str, Any], str]] = {
    "users": ({"username": str, "password_hash": str, "created_at": str}, "username"),
    "login_failures": ({"id": int, "key": str, "at": float}, "id"),
    "sessions": ({"nonce": str, "user": str, "expires": float}, "nonce"),
    "audit": (CHANGE_COLUMNS, "id"),
    "trash": (
        {
            "id": int,
            "entry_id": str,
            "kind": str,
            "data": str,
            "deleted_at": str,
            "deleted_by": str,
            "restored_at": str,
            "restored_by": str,
        },
        "id",
    ),
}


@contextmanager
def open_admin_db(path: Path) -> Iterator[sqlite_utils.Database]:
    """The admin database with its tables created on first use; closed afterwards."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    try:
        for table, (columns, pk) in SCHEMA.items():
            db.table(table).create(columns, pk=pk, if_not_exists=True)
        db.table("login_failures").create_index(["key", "at"], if_not_exists=True)
        db.table("sessions").create_index(["user"], if_not_exists=True)
        db.table("audit").create_index(["entry_id"], if_not_exists=True)
        yield db
    finally:
        db.close()
