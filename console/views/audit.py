"""The audit page: every change made through the console, newest first."""

from aiohttp import web

from console.console import console_of
from console.pages import render


async def audit_page(request: web.Request) -> web.Response:
    entry_id = request.query.get("entry", "").strip() or None
    records = console_of(request).audit.recent(limit=300, entry_id=entry_id)
    return render(request, "audit.html", entry_id=entry_id, records=records)
