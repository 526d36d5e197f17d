"""Erasure of one sender: Rasa's tracker rows and the staff records, nobody else's."""

import sqlite3
from pathlib import Path

import pytest

from records.erasure import Erased, delete_tracker_events, erase_sender
from records.store import RecordStore


@pytest.fixture
def tracker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "tracker.db"
    monkeypatch.setenv("RASA_TRACKER_DB", str(path))
    monkeypatch.setenv("RASA_EVENTS_DB", str(tmp_path / "events.db"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("RECORDS_DB", str(tmp_path / "records.db"))
    with sqlite3.connect(path) as connection:
        connection.execute(
            "CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, data TEXT)"
        )
        connection.executemany(
            "INSERT INTO events (sender_id, data) VALUES (?, ?)",
            [("alice", "{}"), ("bob", "{}"), ("alice", "{}")],
        )
    return path


def senders(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return [row[0] for row in connection.execute("SELECT sender_id FROM events ORDER BY id")]
    finally:
        connection.close()


def test_erase_sender_deletes_tracker_rows_and_records_of_that_sender(tracker: Path) -> None:
    store = RecordStore()
    store.add_contact_request("alice", "Alice", "alice@example.org", "ZIM?", "de", "web")
    store.add_feedback("alice", "up", None, "web")
    store.add_unanswered("alice", "Was ist X?", "de", "web")
    store.add_feedback("bob", "down", None, "web")

    assert erase_sender("alice") == Erased(tracker_events=2, records=3)

    assert senders(tracker) == ["bob"]
    assert store.rows("contact_requests") == []
    assert store.rows("unanswered") == []
    assert len(store.rows("feedback")) == 1
    assert erase_sender("alice") == Erased(tracker_events=0, records=0)


def test_missing_tracker_database_or_table_is_nothing_to_delete(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    assert delete_tracker_events("alice", missing) == 0
    assert not missing.exists()
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    assert delete_tracker_events("alice", empty) == 0


def test_erased_text_leaves_no_trace_in_a_wal_mode_database(tmp_path: Path) -> None:
    """As Rasa's store runs it: WAL mode, with Rasa's own connection open meanwhile."""
    path = tmp_path / "tracker.db"
    rasa = sqlite3.connect(path)
    rasa.execute("PRAGMA journal_mode=WAL")
    rasa.execute("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id TEXT, data TEXT)")
    secret = "Mein Name ist Erika Mustermann, Telefon 0171 2345678"
    rasa.executemany(
        "INSERT INTO events (sender_id, data) VALUES (?, ?)",
        [("erika", secret), ("bob", "{}")],
    )
    rasa.commit()
    try:
        assert delete_tracker_events("erika", path) == 1
        files = [path, path.with_name("tracker.db-wal")]
        leftovers = [f.name for f in files if f.exists() and b"Mustermann" in f.read_bytes()]
        assert leftovers == []
        assert [row[0] for row in rasa.execute("SELECT sender_id FROM events")] == ["bob"]
    finally:
        rasa.close()
