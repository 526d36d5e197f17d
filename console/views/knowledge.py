"""Looking at the knowledge base: the filtered list and one entry with its history."""

from html import escape
from typing import Any

from aiohttp import web

from console.console import console_of
from console.forms import LABELS
from console.labels import ACTION_LABELS, KIND_LABELS, STATUS_LABELS
from console.markup import notice, page, post_button, table, url
from console.views.audit import diff_html
from knowledge.content import entry_to_data
from knowledge.models import KINDS, Entry
from knowledge.status import Status, current_status

MESSAGES = {
    "created": "Angelegt.",
    "saved": "Gespeichert.",
    "unchanged": "Keine Änderung – nichts gespeichert.",
    "ended": "Als beendet markiert: gültig bis gestern.",
    "restored": "Wiederhergestellt.",
}


def _select(name: str, label: str, options: dict[str, str], current: str) -> str:
    items = ['<option value="">alle</option>'] + [
        f'<option value="{escape(v)}"{" selected" if v == current else ""}>{escape(t)}</option>'
        for v, t in options.items()
    ]
    return (
        f'<label for="{name}">{label}</label>'
        f'<select id="{name}" name="{name}">{"".join(items)}</select>'
    )


def _matches(entry: Entry, kind: str, status: str, text: str) -> bool:
    if kind and entry.kind != kind:
        return False
    if status and current_status(entry).value != status:
        return False
    haystack = f"{entry.id}\n{entry.title}\n{entry.search_text()}".lower()
    return all(word in haystack for word in text.lower().split())


def _undo_banner(request: web.Request, trash_id: str) -> str:
    if not trash_id.isdigit():
        return ""
    item = console_of(request).trash.get(int(trash_id))
    if item is None or item.restored_at:
        return ""
    action = url(request, "trash.restore", item=str(item.id))
    return notice(
        f"„{escape(item.title)}“ gelöscht. "
        + post_button(request, action, "Rückgängig machen", "link")
    )


async def list_entries(request: web.Request) -> web.Response:
    kind = request.query.get("kind", "")
    status = request.query.get("status", "")
    text = request.query.get("q", "").strip()
    entries = [e for e in console_of(request).store.entries() if _matches(e, kind, status, text)]
    rows = [
        [
            f'<a href="{escape(url(request, "entry", entry_id=e.id))}">{escape(e.id)}</a>',
            escape(KIND_LABELS[e.kind]),
            escape(e.title),
            escape(STATUS_LABELS[current_status(e).value]),
            escape(str(e.valid_until or "")),
            escape(str(e.last_checked)),
        ]
        for e in entries
    ]
    new_links = " ".join(
        f'<a class="button" href="{escape(url(request, "entry.new", {"kind": k}))}">'
        f"Neu: {escape(KIND_LABELS[k])}</a>"
        for k in KINDS
    )
    filters = (
        f'<form method="get" action="{escape(url(request, "knowledge"))}" class="filters">'
        + _select("kind", "Art", {k: label for k, label in KIND_LABELS.items()}, kind)
        + _select("status", "Status", STATUS_LABELS, status)
        + f'<label for="q">Suche</label><input id="q" name="q" value="{escape(text)}">'
        + '<button type="submit">Filtern</button></form>'
    )
    body = (
        _undo_banner(request, request.query.get("deleted", ""))
        + f'<div class="actions">{new_links}</div>{filters}'
        + f"<p>{len(rows)} Einträge.</p>"
        + table(["ID", "Art", "Titel", "Status", "Gültig bis", "Geprüft"], rows)
    )
    return page(request, "Wissen", body)


def _value_html(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return escape(", ".join(str(item) for item in value))
    if isinstance(value, dict):
        return escape(", ".join(f"{k}: {v}" for k, v in value.items()))
    text = str(value)
    if text.startswith(("https://", "http://")):
        return f'<a href="{escape(text)}" rel="noopener noreferrer">{escape(text)}</a>'
    return escape(text).replace("\n", "<br>")


def entry_page(
    request: web.Request, entry: Entry, message: str = "", status: int = 200
) -> web.Response:
    console = console_of(request)
    entry_status = current_status(entry)
    fields = table(
        ["Feld", "Wert"],
        [
            [escape(LABELS.get(key, key)), _value_html(value)]
            for key, value in entry_to_data(entry).items()
        ],
    )
    edit_url = url(request, "entry.edit", entry_id=entry.id)
    buttons = [f'<a class="button" href="{escape(edit_url)}">Bearbeiten</a>']
    if entry_status is not Status.ENDED:
        buttons.append(
            post_button(
                request, url(request, "entry.end", entry_id=entry.id), "Als beendet markieren"
            )
        )
    buttons.append(
        post_button(request, url(request, "entry.delete", entry_id=entry.id), "Löschen", "danger")
    )
    history = table(
        ["Zeit", "Wer", "Aktion", "Änderungen"],
        [
            [
                escape(r.at),
                escape(r.user),
                escape(ACTION_LABELS.get(r.action, r.action)),
                diff_html(r.diff),
            ]
            for r in console.audit.recent(limit=20, entry_id=entry.id)
        ],
        empty="Noch keine Änderungen über die Verwaltung.",
    )
    body = (
        message
        + f"<p>{escape(KIND_LABELS[entry.kind])} · Status: "
        + f'<strong class="status {entry_status.value}">'
        + f"{escape(STATUS_LABELS[entry_status.value])}</strong></p>"
        + f'<div class="actions">{" ".join(buttons)}</div>{fields}<h2>Änderungen</h2>{history}'
    )
    return page(request, entry.title, body, status)


async def show_entry(request: web.Request) -> web.Response:
    entry = console_of(request).store.get(request.match_info["entry_id"])
    if entry is None:
        raise web.HTTPNotFound(text="Kein Eintrag mit dieser ID.")
    flash = MESSAGES.get(request.query.get("msg", ""), "")
    return entry_page(request, entry, notice(escape(flash)) if flash else "")
