"""Data protection: delete one sender's data, and apply the retention period now."""

import asyncio
from html import escape

from aiohttp import web

from console.console import console_of, current_user
from console.markup import csrf_input, notice, page, post_button, url
from console.retention import apply_retention
from console.settings import AdminSettings
from records.erasure import Erased, erase_sender


def erase(settings: AdminSettings, sender_id: str) -> Erased:
    """`records.erasure.erase_sender` on the console's configured databases."""
    return erase_sender(sender_id, settings.tracker_store, settings.event_log, settings.records_db)


def _page(request: web.Request, message: str = "", status: int = 200) -> web.Response:
    settings = console_of(request).settings
    body = (
        message
        + "<section><h2>Daten einer Person löschen</h2>"
        + "<p>Löscht das Gespräch (Rasa-Tracker) sowie Kontaktanfragen, Feedback und "
        + "unbeantwortete Fragen dieser Absender-ID. Web-Chat: die ID aus „Meine Daten“, "
        + "Telegram: <code>telegram-&lt;Chat-ID&gt;</code>.</p>"
        + f'<form method="post" action="{escape(url(request, "privacy.erase"))}">'
        + csrf_input(request)
        + '<label for="sender_id">Absender-ID</label>'
        + '<input id="sender_id" name="sender_id" required maxlength="128">'
        + '<button type="submit" class="danger">Endgültig löschen</button></form></section>'
        + "<section><h2>Aufbewahrungsfrist</h2>"
        + f"<p>Gespräche und Datensätze werden nach {settings.retention_days} Tagen gelöscht "
        + "(<code>python -m console retention</code>, von <code>make run</code> täglich "
        + "ausgeführt).</p>"
        + post_button(request, url(request, "privacy.retention"), "Jetzt anwenden")
        + "</section>"
    )
    return page(request, "Datenschutz", body, status)


async def privacy_page(request: web.Request) -> web.Response:
    return _page(request)


async def erase_sender_data(request: web.Request) -> web.Response:
    console = console_of(request)
    form = await request.post()
    sender_id = str(form.get("sender_id", "")).strip()
    if not sender_id or len(sender_id) > 128:
        return _page(request, notice("Bitte eine Absender-ID angeben.", "error"), 400)
    settings = console.settings
    erased = await asyncio.to_thread(erase, settings, sender_id)
    console.audit.record(
        current_user(request),
        "erase",
        "",
        "",
        {"tracker_events": [None, erased.tracker_events], "records": [None, erased.records]},
    )
    text = f"Gelöscht: {erased.tracker_events} Gesprächsereignisse und {erased.records} Datensätze."
    return _page(request, notice(escape(text)))


async def apply_retention_now(request: web.Request) -> web.Response:
    console = console_of(request)
    settings = console.settings
    result = await asyncio.to_thread(
        apply_retention,
        settings.tracker_store,
        settings.records_db,
        settings.retention_days,
        None,
        settings.event_log,
    )
    console.audit.record(
        current_user(request),
        "retention",
        "",
        "",
        {"tracker_events": [None, result.tracker_events], "records": [None, result.records]},
    )
    text = (
        f"Älter als {result.cutoff}: {result.tracker_events} Gesprächsereignisse und "
        f"{result.records} Datensätze gelöscht."
    )
    return _page(request, notice(escape(text)))
