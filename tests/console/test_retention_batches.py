"""Issue #15, item 7: retention deletes in short batches, so Rasa is not locked out meanwhile."""

import time
from typing import Any

import pytest

from console import retention
from console.settings import AdminSettings
from records.conversation_db import ConversationDb
from records.store import RecordStore
from tests.console.test_privacy import backdate, event_count
from tests.console.tracker import add_user_message

DAY = 86400.0


def test_old_tracker_events_are_deleted_in_batches(
    admin_settings: AdminSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = time.time()
    tracker = admin_settings.tracker_db
    for number in range(17):  # two events each (the message and action_listen)
        add_user_message(tracker, f"old{number}", "alt", "greet", 0.9, now - 200 * DAY)
    add_user_message(tracker, "new", "neu", "greet", 0.9, now - DAY)
    batches: list[int] = []
    original = ConversationDb.delete

    def counting(self: ConversationDb, condition: str, parameters: list[Any]) -> int:
        deleted = original(self, condition, parameters)
        batches.append(deleted)
        return deleted

    monkeypatch.setattr(ConversationDb, "delete", counting)
    monkeypatch.setenv("ADMIN_RETENTION_BATCH", "10")
    result = retention.apply_retention(tracker, admin_settings.records_db, days=180)
    assert batches == [10, 10, 10, 4]
    assert result.tracker_events == 34
    assert event_count(tracker) == 2


def test_old_records_are_deleted_in_batches(
    admin_settings: AdminSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = RecordStore(admin_settings.records_db)
    for number in range(25):
        records.add_feedback(f"old{number}", "up", None, "web")
    backdate(admin_settings.records_db, "feedback", 200)
    records.add_feedback("new", "down", None, "web")
    statements: list[str] = []
    connect = retention.sqlite3.connect

    def traced(*args: Any, **kwargs: Any) -> Any:
        connection = connect(*args, **kwargs)
        connection.set_trace_callback(statements.append)
        return connection

    monkeypatch.setattr(retention.sqlite3, "connect", traced)
    cutoff = retention.datetime.now(retention.UTC) - retention.timedelta(days=100)
    removed = retention.delete_old_records(admin_settings.records_db, cutoff, batch=10)
    deletes = [s for s in statements if s.startswith("DELETE FROM [feedback]")]
    assert removed == 25
    assert len(deletes) == 3  # 10, 10, 5
    assert all("LIMIT" in statement for statement in deletes)
