"""Rasa's tracker store and event log as Rasa 3.6 lays them out, on SQLite and on the real
PostgreSQL (a database of this test run), for the tests of erasure, retention and insights."""

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import pytest

from records.conversation_db import ConversationDb

PG_ADMIN = {"host": "127.0.0.1", "port": 5432, "user": "postgres", "dbname": "postgres"}

# The columns Rasa 3.6's SQL tracker store and SQL event broker create.
TRACKER_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS events (id {key}, sender_id VARCHAR(255) NOT NULL, "
    "type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255), "
    "action_name VARCHAR(255), data TEXT)"
)
BROKER_SCHEMA = "CREATE TABLE IF NOT EXISTS events (id {key}, sender_id VARCHAR(255), data TEXT)"
KEYS = {"sqlite": "INTEGER NOT NULL PRIMARY KEY", "postgresql": "SERIAL PRIMARY KEY"}


@dataclass(frozen=True)
class Stores:
    """A tracker store and an event log of one dialect."""

    tracker: ConversationDb
    events: ConversationDb


def execute(db: ConversationDb, statement: str, parameters: list[object] | None = None) -> None:
    with db.connect() as connection:
        cursor = connection.cursor()
        cursor.execute(db.sql(statement), parameters or [])
        connection.commit()


def create_tables(stores: Stores) -> None:
    key = KEYS[stores.tracker.dialect]
    execute(stores.tracker, TRACKER_SCHEMA.format(key=key))
    execute(stores.events, BROKER_SCHEMA.format(key=key))


def add_user_message(
    stores: Stores,
    sender_id: str,
    text: str,
    intent: str,
    confidence: float,
    timestamp: float,
    channel: str = "web",
) -> None:
    """What Rasa stores and publishes for one user message and the action_listen after it."""
    user = {
        "event": "user",
        "timestamp": timestamp,
        "metadata": {"channel": channel},
        "text": text,
        "parse_data": {"intent": {"name": intent, "confidence": confidence}, "text": text},
    }
    listen = {"event": "action", "timestamp": timestamp + 0.1, "name": "action_listen"}
    execute(
        stores.tracker,
        "INSERT INTO events (sender_id, type_name, timestamp, intent_name, data) "
        "VALUES (?, 'user', ?, ?, ?)",
        [sender_id, timestamp, intent, json.dumps(user)],
    )
    execute(
        stores.tracker,
        "INSERT INTO events (sender_id, type_name, timestamp, action_name, data) "
        "VALUES (?, 'action', ?, 'action_listen', ?)",
        [sender_id, timestamp + 0.1, json.dumps(listen)],
    )
    for event in (user, listen):
        execute(
            stores.events,
            "INSERT INTO events (sender_id, data) VALUES (?, ?)",
            [sender_id, json.dumps({**event, "sender_id": sender_id})],
        )


def count(db: ConversationDb, sender_id: str | None = None) -> int:
    if sender_id is None:
        return int(db.query("SELECT count(*) FROM events")[0][0])
    return int(db.query("SELECT count(*) FROM events WHERE sender_id = ?", [sender_id])[0][0])


def _admin(statement: str) -> None:
    connection = psycopg2.connect(**PG_ADMIN)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(statement)
    connection.close()


@pytest.fixture(scope="session")
def postgresql_urls() -> Iterator[tuple[str, str]]:
    """Two databases of this test run on the real PostgreSQL: tracker store and event log."""
    name = f"fl_test_{uuid.uuid4().hex[:10]}"
    for suffix in ("", "_events"):
        _admin(f'CREATE DATABASE "{name}{suffix}"')
    try:
        yield (
            f"postgresql://postgres@127.0.0.1:5432/{name}",
            f"postgresql://postgres@127.0.0.1:5432/{name}_events",
        )
    finally:
        for suffix in ("", "_events"):
            _admin(f'DROP DATABASE IF EXISTS "{name}{suffix}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def stores(
    request: pytest.FixtureRequest, tmp_path: Path, postgresql_urls: tuple[str, str]
) -> Stores:
    """Empty stores with Rasa's tables, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        result = Stores(
            ConversationDb.sqlite(tmp_path / "tracker.db"),
            ConversationDb.sqlite(tmp_path / "events.db"),
        )
    else:
        tracker_url, events_url = postgresql_urls
        result = Stores(
            ConversationDb.postgresql(tracker_url), ConversationDb.postgresql(events_url)
        )
        for db in (result.tracker, result.events):
            execute(db, "DROP TABLE IF EXISTS events")
    create_tables(result)
    return result
