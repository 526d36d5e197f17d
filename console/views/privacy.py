"""Data protection: delete one sender's data, and apply the retention period now."""

import asyncio

from aiohttp import web

from console.console import console_of, current_user
from console.pages import render
from console.retention import apply_retention
from console.settings import AdminSettings
from records.erasure import Erased, erase_sender


def erase(settings: AdminSettings, sender_id: str) -> Erased:
    """`records.erasure.erase_sender` on the console's configured databases."""
    return erase_sender(sender_id, settings.tracker_store, settings.event_log, settings.records_db)


def _page(request: web.Request, done: str = "", error: str = "", status: int = 200) -> web.Response:
    """The page, with what was just `done` or the `error` that stopped it."""
    retention_days = console_of(request).settings.retention_days
    return render(
        request, "privacy.html", status, done=done, error=error, retention_days=retention_days
    )


async def privacy_page(request: web.Request) -> web.Response:
    return _page(request)


async def erase_sender_data(request: web.Request) -> web.Response:
    console = console_of(request)
    form = await request.post()
    sender_id = str(form.get("sender_id", "")).strip()
    if not sender_id or len(sender_id) > 128:
        return _page(request, error="Bitte eine Absender-ID angeben.", status=400)
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
    return _page(request, done=text)


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
    return _page(request, done=text)
