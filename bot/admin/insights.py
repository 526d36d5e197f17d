"""What users asked: figures from Rasa's tracker store (opened read-only) and the records.

User messages are the tracker's `user` events; their channel is in the event's metadata, the
intent and its confidence in `parse_data`.
"""

import sqlite3
from collections import Counter
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from records.store import RecordStore

FALLBACK_INTENT = "nlu_fallback"
CHANNEL = "coalesce(json_extract(data, '$.metadata.channel'), "
CHANNEL += "json_extract(data, '$.parse_data.metadata.channel'), 'unbekannt')"
CONFIDENCE = "json_extract(data, '$.parse_data.intent.confidence')"


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

    @property
    def channels(self) -> list[str]:
        return sorted({row.channel for row in self.days})

    def rate(self, count: int) -> float:
        return count / self.messages if self.messages else 0.0


@contextmanager
def read_only(path: Path) -> Iterator[sqlite3.Connection | None]:
    """The tracker database opened read-only, or None if it (or its events table) is missing."""
    if not path.exists():
        yield None
        return
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)) as connection:
        table = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'"
        ).fetchone()
        yield connection if table else None


def _tracker_figures(
    connection: sqlite3.Connection, insights: Insights, since: float, threshold: float
) -> None:
    user = "FROM events WHERE type_name = 'user' AND timestamp >= ?"
    insights.days = [
        DayCount(*row)
        for row in connection.execute(
            f"SELECT date(timestamp, 'unixepoch') AS day, {CHANNEL} AS channel, "
            f"count(DISTINCT sender_id), count(*) {user} GROUP BY day, channel ORDER BY day",
            [since],
        )
    ]
    insights.messages, insights.conversations, insights.fallbacks = connection.execute(
        f"SELECT count(*), count(DISTINCT sender_id), "
        f"coalesce(sum(intent_name = '{FALLBACK_INTENT}'), 0) {user}",
        [since],
    ).fetchone()
    insights.top_intents = connection.execute(
        f"SELECT coalesce(intent_name, '–'), count(*) AS n {user} "
        "GROUP BY intent_name ORDER BY n DESC LIMIT 10",
        [since],
    ).fetchall()
    insights.low_confidence = [
        Question(
            datetime.fromtimestamp(at, UTC).isoformat(timespec="seconds"),
            channel,
            text or "",
            intent or "–",
            confidence,
        )
        for at, channel, text, intent, confidence in connection.execute(
            f"SELECT timestamp, {CHANNEL}, json_extract(data, '$.text'), intent_name, "
            f"{CONFIDENCE} {user} AND (intent_name = ? OR {CONFIDENCE} < ?) "
            "ORDER BY timestamp DESC LIMIT 200",
            [since, FALLBACK_INTENT, threshold],
        )
    ]


def collect(
    tracker_db: Path, records_db: Path, days: int, threshold: float, now: datetime | None = None
) -> Insights:
    """The figures of the last `days` days (UTC) up to `now`."""
    now = now or datetime.now(UTC)
    start = (now - timedelta(days=days - 1)).replace(hour=0, minute=0, second=0, microsecond=0)
    insights = Insights(since=start.date(), until=now.date())
    with read_only(tracker_db) as connection:
        if connection is not None:
            _tracker_figures(connection, insights, start.timestamp(), threshold)
    since_text = start.isoformat(timespec="seconds")
    records = RecordStore(records_db)

    def recent(table: str) -> list[dict[str, Any]]:
        rows = [r for r in records.rows(table) if str(r.get("created_at", "")) >= since_text]
        return sorted(rows, key=lambda r: r["created_at"], reverse=True)

    insights.unanswered = recent("unanswered")
    feedback = recent("feedback")
    insights.feedback = Counter(str(row.get("rating")) for row in feedback)
    insights.negative_feedback = [row for row in feedback if row.get("rating") == "down"]
    insights.contact_requests = recent("contact_requests")
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
