"""What users asked: figures from the event log and the records.

Rasa publishes every conversation event to its event broker (the SQL broker, endpoints.yml),
whose log is read here, read-only, on SQLite or PostgreSQL (`records.conversation_db`); Rasa's
tracker store is not read. User messages are `user` events; their channel is in the event's
metadata, the intent and its confidence in `parse_data`. Figures are counted in SQL; the
lists (unsure messages, unanswered questions, negative feedback, contact requests) are read one
page at a time (`page`, `page_size`), so the page stays small however many records there are.
"""

import sqlite3
from collections import Counter
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from records.conversation_db import ConversationDb
from records.erasure import as_db

PAGE_SIZE = 50

FALLBACK_INTENT = "nlu_fallback"


@dataclass(frozen=True)
class DayCount:
    day: str
    channel: str
    conversations: int
    messages: int


@dataclass(frozen=True)
class Question:
    at: str
    channel: str
    text: str
    intent: str
    confidence: float | None


@dataclass
class Insights:
    since: date
    until: date
    days: list[DayCount] = field(default_factory=list)
    top_intents: list[tuple[str, int]] = field(default_factory=list)
    messages: int = 0
    conversations: int = 0
    fallbacks: int = 0
    low_confidence: list[Question] = field(default_factory=list)
    unanswered: list[dict[str, Any]] = field(default_factory=list)
    feedback: Counter[str] = field(default_factory=Counter)
    negative_feedback: list[dict[str, Any]] = field(default_factory=list)
    contact_requests: list[dict[str, Any]] = field(default_factory=list)
    page: int = 1
    page_size: int = PAGE_SIZE
    totals: dict[str, int] = field(default_factory=dict)  # list name → rows in the period

    @property
    def pages(self) -> int:
        """Pages needed for the longest list (at least one)."""
        longest = max(self.totals.values(), default=0)
        return max(1, -(-longest // self.page_size))

    @property
    def channels(self) -> list[str]:
        return sorted({row.channel for row in self.days})

    def rate(self, count: int) -> float:
        return count / self.messages if self.messages else 0.0


@contextmanager
def read_only(path: Path, table: str = "events") -> Iterator[sqlite3.Connection | None]:
    """A database opened read-only, or None if it (or `table`) is missing."""
    if not path.exists():
        yield None
        return
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)) as connection:
        found = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [table]
        ).fetchone()
        connection.row_factory = sqlite3.Row
        yield connection if found else None


def record_page(
    records_db: Path,
    table: str,
    since_text: str,
    limit: int | None,
    offset: int = 0,
    where: str = "1",
) -> tuple[list[dict[str, Any]], int]:
    """One page of a records table in the period, newest first, and the period's total."""
    with read_only(records_db, table) as connection:
        if connection is None:
            return [], 0
        condition = f"created_at >= ? AND ({where})"
        (total,) = connection.execute(
            f"SELECT count(*) FROM [{table}] WHERE {condition}", [since_text]
        ).fetchone()
        rows = connection.execute(
            f"SELECT * FROM [{table}] WHERE {condition} ORDER BY created_at DESC, rowid DESC "
            "LIMIT ? OFFSET ?",
            [since_text, -1 if limit is None else limit, offset],
        ).fetchall()
    return [dict(row) for row in rows], int(total)


def _event_figures(db: ConversationDb, insights: Insights, since: float, threshold: float) -> None:
    """Messages, conversations, intents and unsure messages of the period from the event log."""
    offset = (insights.page - 1) * insights.page_size
    channel = (
        f"coalesce({db.json_text('metadata.channel')}, "
        f"{db.json_text('parse_data.metadata.channel')}, 'unbekannt')"
    )
    intent = db.json_text("parse_data.intent.name")
    confidence = db.json_number("parse_data.intent.confidence")
    at = db.json_number("timestamp")
    user = f"FROM events WHERE {db.json_text('event')} = 'user' AND {at} >= ?"
    insights.days = [
        DayCount(str(day), str(name), int(conversations), int(messages))
        for day, name, conversations, messages in db.query(
            f"SELECT {db.day(at)} AS day, {channel} AS channel, count(DISTINCT sender_id), "
            f"count(*) {user} GROUP BY 1, 2 ORDER BY 1",
            [since],
        )
    ]
    rows = db.query(
        f"SELECT count(*), count(DISTINCT sender_id), "
        f"coalesce(sum(CASE WHEN {intent} = '{FALLBACK_INTENT}' THEN 1 ELSE 0 END), 0) {user}",
        [since],
    )
    if rows:
        insights.messages, insights.conversations, insights.fallbacks = map(int, rows[0])
    insights.top_intents = [
        (str(name), int(count))
        for name, count in db.query(
            f"SELECT coalesce({intent}, '–'), count(*) AS n {user} "
            "GROUP BY 1 ORDER BY n DESC LIMIT 10",
            [since],
        )
    ]
    unsure = f"{user} AND ({intent} = ? OR {confidence} < ?)"
    rows = db.query(f"SELECT count(*) {unsure}", [since, FALLBACK_INTENT, threshold])
    insights.totals["low_confidence"] = int(rows[0][0]) if rows else 0
    insights.low_confidence = [
        Question(
            datetime.fromtimestamp(float(when), UTC).isoformat(timespec="seconds"),
            name,
            text or "",
            intent_name or "–",
            None if score is None else float(score),
        )
        for when, name, text, intent_name, score in db.query(
            f"SELECT {at}, {channel}, {db.json_text('text')}, {intent}, {confidence} "
            f"{unsure} ORDER BY 1 DESC LIMIT ? OFFSET ?",
            [since, FALLBACK_INTENT, threshold, insights.page_size, offset],
        )
    ]


def period_start(days: int, now: datetime | None = None) -> datetime:
    """Midnight UTC of the first of the last `days` days."""
    now = now or datetime.now(UTC)
    return (now - timedelta(days=days - 1)).replace(hour=0, minute=0, second=0, microsecond=0)


def collect(
    events: Path | ConversationDb,
    records_db: Path,
    days: int,
    threshold: float,
    now: datetime | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> Insights:
    """The figures of the last `days` days (UTC) up to `now`, and page `page` of each list."""
    now = now or datetime.now(UTC)
    start = period_start(days, now)
    insights = Insights(
        since=start.date(), until=now.date(), page=max(page, 1), page_size=page_size
    )
    _event_figures(as_db(events), insights, start.timestamp(), threshold)
    since_text = start.isoformat(timespec="seconds")
    offset = (insights.page - 1) * page_size
    insights.unanswered, insights.totals["unanswered"] = record_page(
        records_db, "unanswered", since_text, page_size, offset
    )
    insights.negative_feedback, insights.totals["negative_feedback"] = record_page(
        records_db, "feedback", since_text, page_size, offset, "rating = 'down'"
    )
    insights.contact_requests, insights.totals["contact_requests"] = record_page(
        records_db, "contact_requests", since_text, page_size, offset
    )
    with read_only(records_db, "feedback") as connection:
        if connection is not None:
            insights.feedback = Counter(
                {
                    str(rating): int(count)
                    for rating, count in connection.execute(
                        "SELECT rating, count(*) FROM feedback WHERE created_at >= ? "
                        "GROUP BY rating",
                        [since_text],
                    )
                }
            )
    return insights


def day_series(insights: Insights, value: str) -> tuple[list[str], dict[str, list[int]]]:
    """Every day of the period and, per channel, its conversations or messages (0 if none)."""
    labels = []
    day = insights.since
    while day <= insights.until:
        labels.append(day.isoformat())
        day += timedelta(days=1)
    series = {channel: [0] * len(labels) for channel in insights.channels}
    position = {label: i for i, label in enumerate(labels)}
    for row in insights.days:
        if row.day in position:
            series[row.channel][position[row.day]] = getattr(row, value)
    return labels, series
