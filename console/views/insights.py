"""The insights page: what users ask, where the bot falls short, feedback and contact requests;
and the contact requests as CSV."""

import asyncio
import csv
import io
from datetime import UTC, datetime
from typing import Any

from aiohttp import web

from console.charts import horizontal_bars, stacked_bars
from console.console import console_of
from console.insights import Insights, Question, collect, day_series, period_start, record_page
from console.pages import render, url

PERIODS = (7, 30, 90, 365)
DEFAULT_PERIOD = 30
CONTACT_COLUMNS = ("created_at", "name", "reach", "question", "language", "channel")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _period(request: web.Request) -> int:
    value = request.query.get("days", "")
    return int(value) if value.isdigit() and int(value) in PERIODS else DEFAULT_PERIOD


def _page_number(request: web.Request) -> int | None:
    """The `page` query parameter (1 when absent), or None when it is not a page number."""
    value = request.query.get("page", "1")
    if not value.isdigit() or not 1 <= int(value) <= 100_000:
        return None
    return int(value)


def _percent(rate: float) -> str:
    return f"{rate * 100:.1f} %".replace(".", ",")


async def _collect(request: web.Request, days: int, page_number: int = 1) -> Insights:
    settings = console_of(request).settings
    return await asyncio.to_thread(
        collect,
        settings.event_log,
        settings.records_db,
        days,
        settings.low_confidence,
        None,
        page_number,
    )


def _figures(insights: Insights) -> list[tuple[str, str]]:
    unanswered = insights.totals.get("unanswered", 0)
    up, down = insights.feedback.get("up", 0), insights.feedback.get("down", 0)
    return [
        ("Gespräche", str(insights.conversations)),
        ("Nachrichten", str(insights.messages)),
        ("Nicht verstanden (nlu_fallback)", _percent(insights.rate(insights.fallbacks))),
        ("Keine Antwort im Wissen", _percent(insights.rate(unanswered))),
        ("Fallback gesamt", _percent(insights.rate(insights.fallbacks + unanswered))),
        ("Feedback hilfreich / nicht", f"{up} / {down}"),
        ("Kontaktanfragen", str(insights.totals.get("contact_requests", 0))),
    ]


def _cells(row: dict[str, Any], keys: tuple[str, ...]) -> list[str]:
    return [str(row.get(key) or "") for key in keys]


def _add_knowledge_link(request: web.Request, row: dict[str, Any]) -> str:
    """The new-FAQ form with the unanswered question filled in."""
    field = "question_en" if row.get("language") == "en" else "question_de"
    return url(request, "entry.new", {"kind": "faq", field: str(row.get("question", ""))})


def _low_confidence_cells(question: Question) -> list[str]:
    confidence = "–" if question.confidence is None else _percent(question.confidence)
    return [question.at, question.channel, question.text, question.intent, confidence]


def _page(request: web.Request, insights: Insights, days: int) -> web.Response:
    labels, messages = day_series(insights, "messages")
    _, conversations = day_series(insights, "conversations")
    feedback = [
        ("hilfreich", insights.feedback.get("up", 0)),
        ("nicht hilfreich", insights.feedback.get("down", 0)),
    ]
    unanswered_keys = ("created_at", "question", "language", "channel")
    return render(
        request,
        "insights.html",
        insights=insights,
        days=days,
        periods=PERIODS,
        figures=_figures(insights),
        by_day=[[r.day, r.channel, r.conversations, r.messages] for r in insights.days],
        messages_chart=stacked_bars("Nachrichten pro Tag und Kanal", labels, messages),
        conversations_chart=stacked_bars("Gespräche pro Tag und Kanal", labels, conversations),
        intents_chart=horizontal_bars("Häufigste Absichten", insights.top_intents),
        feedback=feedback,
        feedback_chart=horizontal_bars("Feedback", feedback),
        unanswered=[
            (_cells(row, unanswered_keys), _add_knowledge_link(request, row))
            for row in insights.unanswered
        ],
        threshold=_percent(console_of(request).settings.low_confidence),
        low_confidence=[_low_confidence_cells(q) for q in insights.low_confidence],
        negative=[
            _cells(row, ("created_at", "channel", "about")) for row in insights.negative_feedback
        ],
        contacts=[_cells(row, CONTACT_COLUMNS) for row in insights.contact_requests],
    )


async def insights_page(request: web.Request) -> web.Response:
    days = _period(request)
    page_number = _page_number(request)
    if page_number is None:
        message = "Diese Seitenzahl gibt es nicht."
        return render(
            request, "notice.html", 400, title="Auswertung", kind="error", message=message
        )
    return _page(request, await _collect(request, days, page_number), days)


def _csv_safe(value: Any) -> str:
    """Text a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def contacts_csv_text(rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(CONTACT_COLUMNS)
    for row in rows:
        writer.writerow([_csv_safe(row.get(column)) for column in CONTACT_COLUMNS])
    return buffer.getvalue()


async def contacts_csv(request: web.Request) -> web.Response:
    """Every contact request of the period (a download, so not paged)."""
    settings = console_of(request).settings
    since = period_start(_period(request)).isoformat(timespec="seconds")
    rows, _ = await asyncio.to_thread(
        record_page, settings.records_db, "contact_requests", since, None
    )
    filename = f"kontaktanfragen-{datetime.now(UTC).date().isoformat()}.csv"
    return web.Response(
        body=contacts_csv_text(rows).encode("utf-8-sig"),
        content_type="text/csv",
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
