"""Signed-in sessions kept on the server, so signing out or a new password really ends them.

The cookie alone (signed, see `sessions.py`) proves who issued it, not that it is still wanted:
a copied cookie would work until it expires. Each signed-in session's nonce is therefore stored
in the admin database; sign-out deletes it, a new password (`Accounts.create(replace=True)`)
deletes all of that user's, and the guard accepts only sessions still listed.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from console.database import open_admin_db
from console.sessions import Session


@dataclass
class SessionStore:
    """The active signed-in sessions (anonymous sessions are not stored)."""

    db_path: Path
    clock: Callable[[], float] = time.time

    def add(self, session: Session) -> None:
        if not session.user:
            return
        with open_admin_db(self.db_path) as db, db.conn:
            db.table("sessions").insert(
                {"nonce": session.nonce, "user": session.user, "expires": session.expires},
                replace=True,
            )
            db.execute("DELETE FROM sessions WHERE expires < ?", [self.clock()])

    def active(self, session: Session) -> bool:
        if not session.user:
            return False
        with open_admin_db(self.db_path) as db:
            row = db.execute(
                "SELECT 1 FROM sessions WHERE nonce = ? AND user = ? AND expires > ?",
                [session.nonce, session.user, self.clock()],
            ).fetchone()
        return row is not None

    def revoke(self, session: Session) -> None:
        with open_admin_db(self.db_path) as db, db.conn:
            db.execute("DELETE FROM sessions WHERE nonce = ?", [session.nonce])

    def revoke_user(self, user: str) -> int:
        """End every session of `user`; returns how many there were."""
        with open_admin_db(self.db_path) as db, db.conn:
            return db.execute("DELETE FROM sessions WHERE user = ?", [user]).rowcount
