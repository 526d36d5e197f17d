"""Staff accounts with argon2 password hashes. A new password ends the user's sessions."""

import functools
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from console.database import open_admin_db

MIN_PASSWORD_CHARS = 12
USERNAME_PATTERN = "a-z, 0-9, . _ -"


class AccountError(ValueError):
    """A username or password that cannot be used."""


def check_username(username: str) -> str:
    name = username.strip().lower()
    if not name or len(name) > 64 or not all(c.isalnum() or c in "._-" for c in name):
        raise AccountError(f"user names use only {USERNAME_PATTERN} (at most 64 characters)")
    return name


class Accounts:
    """Creates staff accounts and checks passwords; hashes never leave this class."""

    def __init__(self, db_path: Path, hasher: PasswordHasher | None = None) -> None:
        self.db_path = db_path
        self.hasher = hasher or PasswordHasher()

    @functools.cached_property
    def _dummy_hash(self) -> str:
        """Checked for unknown users, so they take as long as known ones."""
        return self.hasher.hash("not a real password")

    def create(self, username: str, password: str, replace: bool = False) -> str:
        """Store a user (or, with `replace`, a new password for one); returns the user name."""
        name = check_username(username)
        if len(password) < MIN_PASSWORD_CHARS:
            raise AccountError(f"the password needs at least {MIN_PASSWORD_CHARS} characters")
        with open_admin_db(self.db_path) as db:
            if self._row(db, name) is not None and not replace:
                raise AccountError(f"user {name!r} exists (use --replace to set a new password)")
            db.table("users").upsert(
                {
                    "username": name,
                    "password_hash": self.hasher.hash(password),
                    "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                },
                pk="username",
            )
            with db.conn:  # a new password ends the sessions signed in with the old one
                db.execute("DELETE FROM sessions WHERE user = ?", [name])
        return name

    def exists(self, username: str) -> bool:
        with open_admin_db(self.db_path) as db:
            return self._row(db, username) is not None

    def verify(self, username: str, password: str) -> bool:
        """Whether the password is right; takes as long for unknown users as for known ones."""
        with open_admin_db(self.db_path) as db:
            row = self._row(db, username.strip().lower())
        stored = row["password_hash"] if row else self._dummy_hash
        try:
            self.hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False
        if row is None:
            return False
        if self.hasher.check_needs_rehash(stored):
            with open_admin_db(self.db_path) as db:
                db.table("users").update(
                    row["username"], {"password_hash": self.hasher.hash(password)}
                )
        return True

    @staticmethod
    def _row(db: sqlite_utils.Database, username: str) -> dict[str, Any] | None:
        rows = list(db["users"].rows_where("username = ?", [username]))
        return rows[0] if rows else None
