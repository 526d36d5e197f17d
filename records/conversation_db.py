"""Rasa's conversation data as Förderlotse may touch it, on SQLite and PostgreSQL alike.

Two databases hold conversation data, both through interfaces Rasa documents:

- the **tracker store** (Rasa's SQL tracker store, table `events`): Rasa's HTTP API can read,
  append and replace a conversation, but Rasa 3.6 has no way to delete one (replacing it with an
  empty tracker stores nothing: the SQL store only appends). Erasure and retention therefore run
  two documented statements on the documented `events` table, here and nowhere else:
  `DELETE FROM events WHERE sender_id = ?` and the same for `timestamp < ?`, in batches.
- the **event log** (Rasa's SQL event broker, its own database, table `events` with `sender_id`
  and the event as JSON in `data`): insights read it, erasure and retention delete from it.

Where they are: with `DATABASE_URL` set (the cluster), both on PostgreSQL – the tracker store in
that database, the event log in `EVENTS_DATABASE_URL` (default: the same server, database name
plus `_events`); otherwise SQLite files, `RASA_TRACKER_DB` and `RASA_EVENTS_DB` (default
`$FOERDERLOTSE_DATA_DIR/tracker.db` and `events.db`). SQL is written with `?` placeholders and
the dialect's JSON and date functions come from `json_text`, `json_number` and `day`.
"""

import logging
import sqlite3
import urllib.parse
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from common.settings import Settings

logger = logging.getLogger(__name__)

EVENTS_TABLE = "events"
Dialect = Literal["sqlite", "postgresql"]


@dataclass(frozen=True)
class ConversationDb:
    """One SQLite file or one PostgreSQL database with an `events` table (maybe not yet)."""

    dialect: Dialect
    path: Path | None = None
    url: str | None = field(default=None, repr=False)  # may carry a password

    @classmethod
    def sqlite(cls, path: Path) -> "ConversationDb":
        return cls("sqlite", path=Path(path))

    @classmethod
    def postgresql(cls, url: str) -> "ConversationDb":
        return cls("postgresql", url=url)

    @property
    def name(self) -> str:
        """Where it is, without credentials (for logs and messages)."""
        if self.path is not None:
            return str(self.path)
        parts = urllib.parse.urlsplit(self.url or "")
        return f"postgresql://{parts.hostname}:{parts.port or 5432}{parts.path}"

    def exists(self) -> bool:
        return self.dialect == "postgresql" or (self.path is not None and self.path.exists())

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[Any]:
        """A DB-API connection; SQLite deletes overwrite freed pages (`secure_delete`)."""
        if self.dialect == "sqlite":
            assert self.path is not None
            target = f"file:{self.path}?mode=ro" if read_only else f"file:{self.path}"
            with closing(sqlite3.connect(target, uri=True, timeout=30)) as connection:
                if not read_only:
                    connection.execute("PRAGMA secure_delete = ON")
                yield connection
            return
        import psycopg2

        connection = psycopg2.connect(self.url, connect_timeout=10)
        try:
            if read_only:
                connection.set_session(readonly=True)
            yield connection
        finally:
            connection.close()

    def sql(self, statement: str) -> str:
        """`statement` with `?` placeholders in this dialect's style."""
        return statement if self.dialect == "sqlite" else statement.replace("?", "%s")

    def json_text(self, path: str) -> str:
        """SQL for the text at `path` ("a.b") in the JSON column `data`."""
        if self.dialect == "sqlite":
            return f"json_extract(data, '$.{path}')"
        return f"(data::json #>> '{{{','.join(path.split('.'))}}}')"

    def json_number(self, path: str) -> str:
        """SQL for the number at `path` in the JSON column `data`."""
        if self.dialect == "sqlite":
            return self.json_text(path)
        return f"CAST({self.json_text(path)} AS double precision)"

    def day(self, seconds: str) -> str:
        """SQL for the UTC day (YYYY-MM-DD) of a Unix time."""
        if self.dialect == "sqlite":
            return f"date({seconds}, 'unixepoch')"
        return f"to_char(to_timestamp({seconds}) AT TIME ZONE 'UTC', 'YYYY-MM-DD')"

    def has_table(self, connection: Any, table: str = EVENTS_TABLE) -> bool:
        cursor = connection.cursor()
        if self.dialect == "sqlite":
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [table])
        else:
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [table])
            return bool(cursor.fetchone()[0])
        return cursor.fetchone() is not None

    def query(self, statement: str, parameters: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows of a read-only statement; no rows when the database or table is missing."""
        if not self.exists():
            return []
        with self.connect(read_only=True) as connection:
            if not self.has_table(connection):
                return []
            cursor = connection.cursor()
            cursor.execute(self.sql(statement), list(parameters))
            return [tuple(row) for row in cursor.fetchall()]

    def delete(self, condition: str, parameters: Sequence[Any]) -> int:
        """Delete the `events` rows matching `condition` in one transaction; rows removed (0
        without database or table). SQLite: the write-ahead log is emptied afterwards, so no
        copy of the rows lingers there."""
        if not self.exists():
            return 0
        with self.connect() as connection:
            if not self.has_table(connection):
                return 0
            cursor = connection.cursor()
            cursor.execute(
                self.sql(f"DELETE FROM {EVENTS_TABLE} WHERE {condition}"), list(parameters)
            )
            deleted = cursor.rowcount
            connection.commit()
            if self.dialect == "sqlite":
                scrub_write_ahead_log(connection)
            return int(deleted)

    def delete_sender(self, sender_id: str) -> int:
        return self.delete("sender_id = ?", [sender_id])


def scrub_write_ahead_log(connection: sqlite3.Connection) -> None:
    """After a DELETE in a WAL-mode SQLite database: copy the log into the database and empty
    it, so deleted text does not linger in the `-wal` file."""
    busy, _, _ = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    if busy:
        logger.warning("write-ahead log not emptied: database busy; retried at the next erasure")


def events_database_url(database_url: str, explicit: str | None = None) -> str:
    """`explicit` (EVENTS_DATABASE_URL), else `database_url` with `_events` added to the
    database name."""
    if explicit:
        return explicit
    parts = urllib.parse.urlsplit(database_url)
    return urllib.parse.urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_events"))


def tracker_store(settings: Settings) -> ConversationDb:
    """Rasa's tracker store as configured: PostgreSQL at `DATABASE_URL`, else SQLite."""
    if settings.database_url:
        return ConversationDb.postgresql(settings.database_url)
    return ConversationDb.sqlite(settings.tracker_db_path)


def event_log(settings: Settings) -> ConversationDb:
    """The event broker's log as configured: PostgreSQL beside `DATABASE_URL`, else SQLite."""
    if settings.database_url:
        url = events_database_url(settings.database_url, settings.events_database_url)
        return ConversationDb.postgresql(url)
    return ConversationDb.sqlite(settings.events_db_path)
