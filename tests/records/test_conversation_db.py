"""Erasure, retention and insights through one interface on SQLite and on the real PostgreSQL:
the same calls delete one sender's tracker events and logged events, delete what is older than
the retention period in batches, and count the insights from the event log only."""

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from common.settings import load_settings
from console.insights import collect
from console.retention import apply_retention
from records.conversation_db import ConversationDb, event_log, events_database_url, tracker_store
from records.erasure import Erased, erase_sender
from records.store import RecordStore
from tests.conversation_stores import Stores, add_user_message, count, execute

DAY = 86400.0


def test_erasure_deletes_one_senders_events_in_both_stores(stores: Stores, tmp_path: Path) -> None:
    now = time.time()
    add_user_message(stores, "alice", "Hallo", "greet", 0.9, now)
    add_user_message(stores, "bob", "Hallo", "greet", 0.9, now)
    records = RecordStore(tmp_path / "records.db")
    records.add_feedback("alice", "up", None, "web")

    erased = erase_sender("alice", stores.tracker, stores.events, tmp_path / "records.db")

    assert erased == Erased(tracker_events=2, records=1, logged_events=2)
    assert count(stores.tracker, "alice") == 0 and count(stores.events, "alice") == 0
    assert count(stores.tracker, "bob") == 2 and count(stores.events, "bob") == 2
    again = erase_sender("alice", stores.tracker, stores.events, tmp_path / "records.db")
    assert again == Erased(0, 0, 0)


def test_retention_deletes_old_events_in_batches(
    stores: Stores, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADMIN_RETENTION_BATCH", "3")
    now = time.time()
    for number in range(4):
        add_user_message(stores, f"old{number}", "alt", "greet", 0.9, now - 200 * DAY)
    add_user_message(stores, "new", "neu", "greet", 0.9, now - DAY)
    calls: list[str] = []
    original = ConversationDb.delete

    def counting(self: ConversationDb, condition: str, parameters: list[object]) -> int:
        calls.append(self.dialect)
        return original(self, condition, parameters)

    monkeypatch.setattr(ConversationDb, "delete", counting)
    result = apply_retention(stores.tracker, tmp_path / "records.db", 180, events=stores.events)

    assert (result.tracker_events, result.logged_events) == (8, 8)
    assert count(stores.tracker) == 2 and count(stores.events) == 2
    assert len(calls) == 6  # 8 rows in batches of 3: three transactions per store


def test_insights_come_from_the_event_log_alone(stores: Stores, tmp_path: Path) -> None:
    now = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
    at = now.timestamp()
    add_user_message(stores, "w1", "Hallo", "greet", 0.99, at - 60)
    add_user_message(stores, "w1", "Förderung Bayern?", "find_funding", 0.93, at - 50)
    add_user_message(stores, "t1", "Marsmission?", "nlu_fallback", 0.45, at - DAY, "telegram")
    add_user_message(stores, "t1", "hm", "ask_question", 0.51, at - DAY + 5, "telegram")
    add_user_message(stores, "old", "Uralt", "greet", 0.99, at - 60 * DAY)
    execute(stores.tracker, "DELETE FROM events")  # the tracker store is not what is counted

    insights = collect(stores.events, tmp_path / "records.db", 30, 0.6, now)

    assert (insights.messages, insights.conversations, insights.fallbacks) == (4, 2, 1)
    assert insights.channels == ["telegram", "web"]
    assert dict(insights.top_intents) == {
        "greet": 1,
        "find_funding": 1,
        "nlu_fallback": 1,
        "ask_question": 1,
    }
    assert [q.text for q in insights.low_confidence] == ["hm", "Marsmission?"]
    assert insights.low_confidence[0].confidence == pytest.approx(0.51)
    assert {(d.day, d.channel, d.messages) for d in insights.days} == {
        ("2026-11-24", "web", 2),
        ("2026-11-23", "telegram", 2),
    }
    insights = collect(stores.events, tmp_path / "records.db", 30, 0.6, now, page=2, page_size=1)
    assert [q.text for q in insights.low_confidence] == ["Marsmission?"]


def test_missing_tables_are_nothing_to_delete_or_count(stores: Stores, tmp_path: Path) -> None:
    for db in (stores.tracker, stores.events):
        execute(db, "DROP TABLE events")
    assert erase_sender("alice", stores.tracker, stores.events, tmp_path / "r.db") == Erased(
        0, 0, 0
    )
    assert collect(stores.events, tmp_path / "r.db", 7, 0.6).messages == 0


def test_sqlite_deletion_leaves_no_copy_in_the_write_ahead_log(tmp_path: Path) -> None:
    stores = Stores(
        ConversationDb.sqlite(tmp_path / "tracker.db"), ConversationDb.sqlite(tmp_path / "ev.db")
    )
    from tests.conversation_stores import create_tables

    create_tables(stores)
    execute(stores.tracker, "PRAGMA journal_mode=WAL")
    add_user_message(stores, "erika", "Geheimnis Erika", "greet", 0.9, time.time())
    erase_sender("erika", stores.tracker, stores.events, tmp_path / "records.db")
    for path in tmp_path.glob("*.db*"):
        assert b"Geheimnis Erika" not in path.read_bytes(), path


def test_the_environment_chooses_sqlite_or_postgresql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("EVENTS_DATABASE_URL", raising=False)
    monkeypatch.setenv("FOERDERLOTSE_DATA_DIR", str(tmp_path))
    assert tracker_store(load_settings()) == ConversationDb.sqlite(tmp_path / "tracker.db")
    assert event_log(load_settings()) == ConversationDb.sqlite(tmp_path / "events.db")
    monkeypatch.setenv("DATABASE_URL", "postgresql://anna:secret@db.example:5433/fl")
    assert tracker_store(load_settings()).dialect == "postgresql"
    events = event_log(load_settings())
    assert events.url == "postgresql://anna:secret@db.example:5433/fl_events"
    assert "secret" not in events.name and "secret" not in repr(events)
    assert events_database_url("postgresql://h/x") == "postgresql://h/x_events"
