"""The insights page: what users ask, where the bot falls short, feedback and contact requests;
and the contact requests as CSV."""

import asyncio
import csv
import io
from datetime import UTC, datetime
from html import escape
from typing import Any

from aiohttp import web

from console.charts import horizontal_bars, stacked_bars
from console.console import console_of
from console.insights import Insights, collect, day_series, period_start, record_page
from console.markup import notice, page, table, url

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


def _pager(request: web.Request, insights: Insights, days: int) -> str:
    if insights.pages == 1:
        return ""

    def link(number: int, label: str) -> str:
        target = url(request, "insights", {"days": str(days), "page": str(number)})
        return f'<a href="{escape(target)}">{escape(label)}</a>'

    parts = []
    if insights.page > 1:
        parts.append(link(insights.page - 1, "« Neuere"))
    parts.append(f"Seite {insights.page} von {insights.pages}")
    if insights.page < insights.pages:
        parts.append(link(insights.page + 1, "Ältere »"))
    return f'<nav class="pager" aria-label="Listen blättern">{" ".join(parts)}</nav>'


def _figures(insights: Insights) -> str:
    unanswered = insights.totals.get("unanswered", 0)
    up, down = insights.feedback.get("up", 0), insights.feedback.get("down", 0)
    figures = [
        ("Gespräche", str(insights.conversations)),
        ("Nachrichten", str(insights.messages)),
        ("Nicht verstanden (nlu_fallback)", _percent(insights.rate(insights.fallbacks))),
        ("Keine Antwort im Wissen", _percent(insights.rate(unanswered))),
        ("Fallback gesamt", _percent(insights.rate(insights.fallbacks + unanswered))),
        ("Feedback hilfreich / nicht", f"{up} / {down}"),
        ("Kontaktanfragen", str(insights.totals.get("contact_requests", 0))),
    ]
    items = "".join(f"<div><dt>{escape(k)}</dt><dd>{escape(v)}</dd></div>" for k, v in figures)
    return f'<dl class="figures">{items}</dl>'


def _chart_section(title: str, chart: str, rows: list[list[str]], headers: list[str]) -> str:
    return (
        f"<section><h2>{escape(title)}</h2>{chart}"
        f"<details><summary>Als Tabelle</summary>{table(headers, rows)}</details></section>"
    )


def _add_knowledge_link(request: web.Request, row: dict[str, Any]) -> str:
    field = "question_en" if row.get("language") == "en" else "question_de"
    target = url(request, "entry.new", {"kind": "faq", field: str(row.get("question", ""))})
    return f'<a href="{escape(target)}">Wissen ergänzen</a>'


def _cell(row: dict[str, Any], key: str) -> str:
    return escape(str(row.get(key) or ""))


def _charts(insights: Insights) -> str:
    labels, messages = day_series(insights, "messages")
    _, conversations = day_series(insights, "conversations")
    by_day = [
        [escape(r.day), escape(r.channel), str(r.conversations), str(r.messages)]
        for r in insights.days
    ]
    day_headers = ["Tag", "Kanal", "Gespräche", "Nachrichten"]
    intents = [[escape(name), str(count)] for name, count in insights.top_intents]
    feedback = [
        ("hilfreich", insights.feedback.get("up", 0)),
        ("nicht hilfreich", insights.feedback.get("down", 0)),
    ]
    return "".join(
        [
            _chart_section(
                "Nachrichten pro Tag und Kanal",
                stacked_bars("Nachrichten pro Tag und Kanal", labels, messages),
                by_day,
                day_headers,
            ),
            _chart_section(
                "Gespräche pro Tag und Kanal",
                stacked_bars("Gespräche pro Tag und Kanal", labels, conversations),
                by_day,
                day_headers,
            ),
            _chart_section(
                "Häufigste Absichten",
                horizontal_bars("Häufigste Absichten", insights.top_intents),
                intents,
                ["Absicht", "Nachrichten"],
            ),
            _chart_section(
                "Feedback",
                horizontal_bars("Feedback", feedback),
                [[escape(k), str(v)] for k, v in feedback],
                ["Bewertung", "Anzahl"],
            ),
        ]
    )


def _questions(request: web.Request, insights: Insights) -> str:
    unanswered = table(
        ["Zeit", "Frage", "Sprache", "Kanal", ""],
        [
            [*(_cell(r, k) for k in ("created_at", "question", "language", "channel")),
             _add_knowledge_link(request, r)]
            for r in insights.unanswered
        ],
    )  # fmt: skip
    low_confidence = table(
        ["Zeit", "Kanal", "Nachricht", "Absicht", "Sicherheit"],
        [
            [escape(q.at), escape(q.channel), escape(q.text), escape(q.intent),
             "–" if q.confidence is None else _percent(q.confidence)]
            for q in insights.low_confidence
        ],
    )  # fmt: skip
    negative = table(
        ["Zeit", "Kanal", "Antwort des Bots"],
        [
            [_cell(r, k) for k in ("created_at", "channel", "about")]
            for r in insights.negative_feedback
        ],
    )
    threshold = _percent(console_of(request).settings.low_confidence)
    return (
        f"<section><h2>Fragen ohne Antwort im Wissen</h2>{unanswered}</section>"
        "<section><h2>Unsicher erkannte Nachrichten</h2>"
        f"<p>Absicht nlu_fallback oder Sicherheit unter {threshold}.</p>{low_confidence}</section>"
        f"<section><h2>Nicht hilfreiche Antworten</h2>{negative}</section>"
    )


def _contacts(request: web.Request, insights: Insights, days: int) -> str:
    csv_link = url(request, "insights.contacts_csv", {"days": str(days)})
    rows = [[_cell(r, key) for key in CONTACT_COLUMNS] for r in insights.contact_requests]
    return (
        '<section><h2>Kontaktanfragen</h2><p><a class="button" '
        f'href="{escape(csv_link)}">Als CSV herunterladen</a></p>'
        + table(["Zeit", "Name", "Erreichbar über", "Frage", "Sprache", "Kanal"], rows)
        + "</section>"
    )


async def insights_page(request: web.Request) -> web.Response:
    days = _period(request)
    page_number = _page_number(request)
    if page_number is None:
        body = notice("Diese Seitenzahl gibt es nicht.", "error")
        return page(request, "Auswertung", body, status=400)
    insights = await _collect(request, days, page_number)
    periods = " ".join(
        f'<a href="{escape(url(request, "insights", {"days": str(p)}))}"'
        f"{' aria-current=page' if p == days else ''}>{p} Tage</a>"
        for p in PERIODS
    )
    body = (
        f'<p class="periods">Zeitraum: {periods} ({insights.since} bis {insights.until}, UTC)</p>'
        + _figures(insights)
        + _charts(insights)
        + _pager(request, insights, days)
        + _questions(request, insights)
        + _contacts(request, insights, days)
        + _pager(request, insights, days)
    )
    return page(request, "Auswertung", body)


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
