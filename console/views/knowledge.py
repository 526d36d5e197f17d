"""Looking at the knowledge base: the filtered list and one entry with its history."""

from typing import Any

from aiohttp import web

from console.console import console_of
from console.forms import LABELS
from console.pages import render
from console.trash import TrashItem
from knowledge.content import entry_to_data
from knowledge.models import Entry
from knowledge.status import current_status

MESSAGES = {
    "created": "Angelegt.",
    "saved": "Gespeichert.",
    "unchanged": "Keine Änderung – nichts gespeichert.",
    "ended": "Als beendet markiert: gültig bis gestern.",
    "restored": "Wiederhergestellt.",
}
LINK_STARTS = ("https://", "http://")


def _matches(entry: Entry, kind: str, status: str, text: str) -> bool:
    if kind and entry.kind != kind:
        return False
    if status and current_status(entry).value != status:
        return False
    haystack = f"{entry.id}\n{entry.title}\n{entry.search_text()}".lower()
    return all(word in haystack for word in text.lower().split())


def _undo_item(request: web.Request, trash_id: str) -> TrashItem | None:
    """The entry just deleted, while it can still be restored."""
    if not trash_id.isdigit():
        return None
    item = console_of(request).trash.get(int(trash_id))
    return None if item is None or item.restored_at else item


async def list_entries(request: web.Request) -> web.Response:
    kind = request.query.get("kind", "")
    status = request.query.get("status", "")
    text = request.query.get("q", "").strip()
    entries = [e for e in console_of(request).store.entries() if _matches(e, kind, status, text)]
    return render(
        request,
        "knowledge_list.html",
        rows=[(entry, current_status(entry).value) for entry in entries],
        kind_filter=kind,
        status_filter=status,
        q=text,
        undo=_undo_item(request, request.query.get("deleted", "")),
    )


def _value_text(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def _field_row(key: str, value: Any) -> tuple[str, str, str | None]:
    """Label, text and, for a web address, the link of one field."""
    text = _value_text(value)
    link = text if isinstance(value, str) and text.startswith(LINK_STARTS) else None
    return LABELS.get(key, key), text, link


def entry_page(
    request: web.Request,
    entry: Entry,
    flash: str = "",
    errors: list[str] | None = None,
    status: int = 200,
) -> web.Response:
    """The entry, with `flash` (what was just done) or `errors` (what was refused) above it."""
    return render(
        request,
        "entry.html",
        status,
        entry=entry,
        entry_status=current_status(entry).value,
        flash=flash,
        errors=errors or [],
        fields=[_field_row(key, value) for key, value in entry_to_data(entry).items()],
        history=console_of(request).audit.recent(limit=20, entry_id=entry.id),
    )


async def show_entry(request: web.Request) -> web.Response:
    entry = console_of(request).store.get(request.match_info["entry_id"])
    if entry is None:
        raise web.HTTPNotFound(text="Kein Eintrag mit dieser ID.")
    return entry_page(request, entry, MESSAGES.get(request.query.get("msg", ""), ""))
