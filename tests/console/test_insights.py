"""The insights page and the contact requests as CSV, from the event log and records."""

import csv
import io
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient

from console.insights import collect, day_series
from console.settings import AdminSettings
from records.store import RecordStore
from tests.console.tracker import add_user_message

DAY = 86400.0


@pytest.fixture
def conversations(admin_settings: AdminSettings) -> None:
    now = time.time()
    tracker = admin_settings.tracker_db
    add_user_message(tracker, "w1", "Hallo", "greet", 0.99, now - 60)
    add_user_message(tracker, "w1", "Gibt es Zuschüsse in Bayern?", "find_funding", 0.93, now - 50)
    add_user_message(
        tracker, "t1", "Marsmission fördern?", "nlu_fallback", 0.45, now - DAY, "telegram"
    )
    add_user_message(tracker, "t1", "hm", "ask_question", 0.51, now - DAY + 5, "telegram")
    add_user_message(tracker, "old", "Uralt", "greet", 0.99, now - 60 * DAY)
    records = RecordStore(admin_settings.records_db)
    records.add_unanswered("w1", "Was ist der Quantenbonus?", "de", "web")
    records.add_feedback("w1", "up", "Antwort A", "web")
    records.add_feedback("t1", "down", "Antwort B", "telegram")
    records.add_contact_request("w1", "Erika Muster", "erika@example.org", "Rückruf?", "de", "web")
    records.add_contact_request(
        "t1", "=HYPERLINK(1)", "+49 30 1234", "Hilfe; bitte", "de", "telegram"
    )


def test_collect_counts_messages_channels_intents_and_fallbacks(
    admin_settings: AdminSettings, conversations: None
) -> None:
    insights = collect(admin_settings.event_log, admin_settings.records_db, 30, 0.6)
    assert insights.messages == 4
    assert insights.conversations == 2
    assert insights.fallbacks == 1
    assert insights.channels == ["telegram", "web"]
    assert dict(insights.top_intents)["find_funding"] == 1
    assert [q.text for q in insights.low_confidence] == ["hm", "Marsmission fördern?"]
    assert [r["question"] for r in insights.unanswered] == ["Was ist der Quantenbonus?"]
    assert insights.feedback == {"up": 1, "down": 1}
    assert len(insights.contact_requests) == 2
    labels, series = day_series(insights, "messages")
    assert len(labels) == 30
    assert sum(series["web"]) == 2 and sum(series["telegram"]) == 2


def test_collect_without_an_event_log_is_empty(tmp_path: Path) -> None:
    insights = collect(tmp_path / "none.db", tmp_path / "records.db", 7, 0.6)
    assert insights.messages == 0
    assert insights.days == []


def test_the_event_log_is_read_only_and_the_tracker_store_unread(
    admin_settings: AdminSettings, conversations: None
) -> None:
    log = admin_settings.event_log
    with log.connect(read_only=True) as connection, pytest.raises(sqlite3.Error):
        connection.execute("DELETE FROM events")
    admin_settings.tracker_db.unlink()  # insights never read Rasa's tracker store
    assert collect(admin_settings.event_log, admin_settings.records_db, 30, 0.6).messages == 4


async def test_insights_page_shows_figures_charts_and_questions(
    signed_in: TestClient, conversations: None
) -> None:
    response = await signed_in.get("/admin/insights?days=7")
    assert response.status == 200
    html = await response.text()
    assert "<svg" in html and "series-0" in html
    assert "Was ist der Quantenbonus?" in html
    assert "Marsmission fördern?" in html
    assert "Erika Muster" in html
    assert "25,0 %" in html  # one nlu_fallback among four messages
    assert "Wissen ergänzen" in html
    assert "<script>" not in html and "style=" not in html


async def test_contact_requests_as_csv(signed_in: TestClient, conversations: None) -> None:
    response = await signed_in.get("/admin/insights/contacts.csv?days=30")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    text = (await response.read()).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert {row["name"] for row in rows} == {"Erika Muster", "'=HYPERLINK(1)"}
    assert {row["reach"] for row in rows} == {"erika@example.org", "'+49 30 1234"}
    assert "Hilfe; bitte" in {row["question"] for row in rows}


def test_period_starts_at_midnight_utc(admin_settings: AdminSettings) -> None:
    now = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
    insights = collect(admin_settings.event_log, admin_settings.records_db, 7, 0.6, now)
    assert insights.since == (now - timedelta(days=6)).date()
    assert insights.until == now.date()


@pytest.fixture
def many_questions(admin_settings: AdminSettings, monkeypatch: pytest.MonkeyPatch) -> None:
    """120 unanswered questions; the insights must not read whole tables into memory."""
    records = RecordStore(admin_settings.records_db)
    for number in range(120):
        records.add_unanswered(f"s{number}", f"Frage Nummer {number:03d}?", "de", "web")

    def whole_table(self: RecordStore, table: str) -> None:
        raise AssertionError(f"the insights read all of {table}")

    monkeypatch.setattr(RecordStore, "rows", whole_table)


async def test_insights_lists_are_paginated(signed_in: TestClient, many_questions: None) -> None:
    first = await (await signed_in.get("/admin/insights")).text()
    assert "Seite 1 von 3" in first
    assert "<dd>100,0 %</dd>" not in first  # no messages: the rate has no base
    assert first.count("Frage Nummer") == 50
    assert "Frage Nummer 119?" in first and "Frage Nummer 069?" not in first
    assert "page=2" in first
    last = await (await signed_in.get("/admin/insights?days=30&page=3")).text()
    assert last.count("Frage Nummer") == 20
    assert "Frage Nummer 000?" in last
    for bad in ("abc", "0", "-1", "99999999999"):
        response = await signed_in.get(f"/admin/insights?page={bad}")
        assert response.status == 400, bad
        assert "Seitenzahl" in await response.text()


def test_collect_counts_in_sql_and_reads_one_page(
    admin_settings: AdminSettings, many_questions: None
) -> None:
    insights = collect(admin_settings.event_log, admin_settings.records_db, 30, 0.6, page=2)
    assert insights.totals["unanswered"] == 120
    assert len(insights.unanswered) == 50
    assert insights.unanswered[0]["question"] == "Frage Nummer 069?"
    assert insights.pages == 3
