"""Retention deletes only what is older than the period; erasure of one sender from a form."""

import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient

from console.cli import main
from console.retention import apply_retention
from console.settings import AdminSettings
from records.store import RecordStore
from tests.console.conftest import audit_log, page_token
from tests.console.tracker import add_user_message, event_count

DAY = 86400.0


def backdate(records_db: Path, table: str, days: int) -> None:
    then = (datetime.now(UTC) - timedelta(days=days)).isoformat(timespec="seconds")
    with sqlite3.connect(records_db) as connection:
        connection.execute(f"UPDATE [{table}] SET created_at = ?", [then])


def test_retention_deletes_old_rows_only(admin_settings: AdminSettings) -> None:
    now = time.time()
    tracker, records_db = admin_settings.tracker_db, admin_settings.records_db
    add_user_message(tracker, "old", "alt", "greet", 0.9, now - 200 * DAY)
    add_user_message(tracker, "new", "neu", "greet", 0.9, now - 10 * DAY)
    records = RecordStore(records_db)
    records.add_feedback("old", "up", None, "web")
    backdate(records_db, "feedback", 200)
    records.add_feedback("new", "down", None, "web")
    records.add_unanswered("new", "Frage?", "de", "web")

    result = apply_retention(tracker, records_db, days=180)

    assert (result.tracker_events, result.records) == (2, 1)
    assert event_count(tracker) == 2
    assert [row["rating"] for row in records.rows("feedback")] == ["down"]
    assert len(records.rows("unanswered")) == 1
    assert apply_retention(tracker, records_db, days=180).tracker_events == 0


def test_retention_command_uses_the_days_given(
    admin_settings: AdminSettings, capsys: pytest.CaptureFixture[str]
) -> None:
    now = time.time()
    add_user_message(admin_settings.tracker_db, "a", "x", "greet", 0.9, now - 40 * DAY)
    add_user_message(admin_settings.tracker_db, "b", "y", "greet", 0.9, now - 5 * DAY)
    assert main(["retention"]) == 0
    assert event_count(admin_settings.tracker_db) == 4
    assert main(["retention", "--days", "30"]) == 0
    assert event_count(admin_settings.tracker_db) == 2
    assert "deleted 2 tracker events" in capsys.readouterr().out
    assert main(["retention", "--days", "0"]) == 1


async def test_erasing_one_sender_from_the_form(
    signed_in: TestClient, admin_settings: AdminSettings
) -> None:
    now = time.time()
    add_user_message(admin_settings.tracker_db, "alice", "Hallo", "greet", 0.9, now)
    add_user_message(admin_settings.tracker_db, "bob", "Hallo", "greet", 0.9, now)
    records = RecordStore(admin_settings.records_db)
    records.add_contact_request("alice", "Alice", "alice@example.org", "?", "de", "web")
    records.add_feedback("bob", "up", None, "web")
    token = await page_token(signed_in, "/admin/privacy")
    response = await signed_in.post(
        "/admin/privacy/erase", data={"csrf": token, "sender_id": "alice"}
    )
    assert response.status == 200
    assert "Gelöscht: 2 Gesprächsereignisse und 1 Datensätze" in await response.text()
    assert event_count(admin_settings.tracker_db) == 2
    assert records.rows("contact_requests") == []
    assert len(records.rows("feedback")) == 1
    (record,) = audit_log(admin_settings).recent()
    assert record.action == "erase" and "alice" not in str(record)


async def test_retention_can_be_applied_from_the_page(
    signed_in: TestClient, admin_settings: AdminSettings
) -> None:
    add_user_message(admin_settings.tracker_db, "old", "x", "greet", 0.9, time.time() - 400 * DAY)
    token = await page_token(signed_in, "/admin/privacy")
    response = await signed_in.post("/admin/privacy/retention", data={"csrf": token})
    assert "2 Gesprächsereignisse" in await response.text()
    assert event_count(admin_settings.tracker_db) == 0
