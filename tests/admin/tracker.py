"""A Rasa SQL tracker store in SQLite with the columns Rasa 3.6 writes, for the tests."""

import json
import sqlite3
from pathlib import Path

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS events (id INTEGER NOT NULL PRIMARY KEY, "
    "sender_id VARCHAR(255) NOT NULL, type_name VARCHAR(255) NOT NULL, timestamp FLOAT, "
    "intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT)"
)


def add_user_message(
    path: Path,
    sender_id: str,
    text: str,
    intent: str,
    confidence: float,
    timestamp: float,
    channel: str = "web",
) -> None:
    data = {
        "event": "user",
        "timestamp": timestamp,
        "metadata": {"channel": channel},
        "text": text,
        "parse_data": {"intent": {"name": intent, "confidence": confidence}, "text": text},
    }
    with sqlite3.connect(path) as connection:
        connection.execute(SCHEMA)
        connection.execute(
            "INSERT INTO events (sender_id, type_name, timestamp, intent_name, data) "
            "VALUES (?, 'user', ?, ?, ?)",
            [sender_id, timestamp, intent, json.dumps(data)],
        )
        connection.execute(
            "INSERT INTO events (sender_id, type_name, timestamp, action_name, data) "
            "VALUES (?, 'action', ?, 'action_listen', '{}')",
            [sender_id, timestamp + 0.1],
        )


def event_count(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT count(*) FROM events").fetchone()[0]
