"""Failed sign-ins: a lockout per (user, address), a limit per address, a slowdown per user.

Every attempt is counted *before* its password is checked, inside one SQLite write transaction
(`BEGIN IMMEDIATE`), so many simultaneous wrong passwords cannot all be evaluated: the sixth of
six parallel attempts already sees five counted ones and is refused. A successful attempt takes
its own count back.

- `max_failures` failures of one user name from one address lock that pair for the window.
- `max_failures_per_ip` failures from one address (any user names) lock the address.
- A user name is never locked for everybody (a stranger could lock staff out); from
  `slowdown_after` failures of one name (from any address) on, each attempt first waits
  2, 4, 8 … seconds, at most `slowdown_max_seconds`.
"""

import sqlite3
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from console.database import open_admin_db


@dataclass(frozen=True)
class Attempt:
    """The answer to "may this sign-in be checked?" and the rows counted for it."""

    allowed: bool
    delay_seconds: float = 0.0
    row_ids: tuple[int, ...] = ()


def _keys(user: str, ip: str) -> tuple[str, str, str]:
    return f"pair:{user}|{ip}", f"ip:{ip}", f"user:{user}"


@dataclass
class LoginThrottle:
    """Counts sign-in attempts in the admin database (shared by all processes using it)."""

    db_path: Path
    max_failures: int = 5
    window_seconds: float = 15 * 60
    max_failures_per_ip: int = 20
    slowdown_after: int = 5
    slowdown_max_seconds: float = 30.0
    clock: Callable[[], float] = time.time

    def __post_init__(self) -> None:
        with open_admin_db(self.db_path):
            pass  # creates the table and its index

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.db_path, timeout=30, isolation_level=None)

    def _count(self, connection: sqlite3.Connection, key: str, since: float) -> int:
        row = connection.execute(
            "SELECT count(*) FROM login_failures WHERE key = ? AND at > ?", [key, since]
        ).fetchone()
        return int(row[0])

    def begin(self, user: str, ip: str) -> Attempt:
        """Check the limits and, if the attempt may go ahead, count it as a failure (atomic)."""
        now = self.clock()
        since = now - self.window_seconds
        pair, address, name = _keys(user, ip)
        with closing(self._connect()) as connection:
            connection.execute("BEGIN IMMEDIATE")
            try:
                if (
                    self._count(connection, pair, since) >= self.max_failures
                    or self._count(connection, address, since) >= self.max_failures_per_ip
                ):
                    connection.execute("COMMIT")
                    return Attempt(allowed=False)
                user_failures = self._count(connection, name, since)
                ids = tuple(
                    int(
                        connection.execute(
                            "INSERT INTO login_failures (key, at) VALUES (?, ?)", [key, now]
                        ).lastrowid
                        or 0
                    )
                    for key in (pair, address, name)
                )
                connection.execute(
                    "DELETE FROM login_failures WHERE at < ?", [now - 2 * self.window_seconds]
                )
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
        return Attempt(True, self.delay_for(user_failures), ids)

    def delay_for(self, user_failures: int) -> float:
        """Seconds to wait before checking a password for a name with this many failures."""
        if user_failures < self.slowdown_after:
            return 0.0
        return float(min(2 ** (user_failures - self.slowdown_after + 1), self.slowdown_max_seconds))

    def succeeded(self, attempt: Attempt, user: str, ip: str) -> None:
        """A right password: the attempt does not count, and earlier typos from here are gone."""
        pair, _, _ = _keys(user, ip)
        with closing(self._connect()) as connection:
            connection.execute("BEGIN IMMEDIATE")
            marks = ",".join("?" * len(attempt.row_ids)) or "NULL"
            connection.execute(
                f"DELETE FROM login_failures WHERE id IN ({marks})", list(attempt.row_ids)
            )
            connection.execute("DELETE FROM login_failures WHERE key = ?", [pair])
            connection.execute("COMMIT")

    def locked(self, user: str, ip: str) -> bool:
        """Whether an attempt for `user` from `ip` would be refused right now."""
        since = self.clock() - self.window_seconds
        pair, address, _ = _keys(user, ip)
        with closing(self._connect()) as connection:
            return (
                self._count(connection, pair, since) >= self.max_failures
                or self._count(connection, address, since) >= self.max_failures_per_ip
            )
