"""A Rasa SQL tracker store in SQLite with the columns Rasa 3.6 writes, and the event log (SQL
event broker) beside it as `events.db`, for the tests."""

import sqlite3
from pathlib import Path

from records.conversation_db import ConversationDb
from tests.conversation_stores import Stores, create_tables
from tests.conversation_stores import add_user_message as add_to_stores


def stores_at(path: Path) -> Stores:
    """The tracker store at `path` and the event log beside it."""
    return Stores(ConversationDb.sqlite(path), ConversationDb.sqlite(path.with_name("events.db")))


def add_user_message(
    path: Path,
    sender_id: str,
    text: str,
    intent: str,
    confidence: float,
    timestamp: float,
    channel: str = "web",
) -> None:
    """What Rasa stores (tracker) and publishes (event log) for one user message."""
    stores = stores_at(path)
    create_tables(stores)
    add_to_stores(stores, sender_id, text, intent, confidence, timestamp, channel)


def event_count(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT count(*) FROM events").fetchone()[0]
