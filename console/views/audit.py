"""The audit page: every change made through the console, newest first."""

import json
from html import escape
from typing import Any

from aiohttp import web

from console.audit import Diff
from console.console import console_of
from console.labels import ACTION_LABELS
from console.markup import page, table, url

SHOWN_CHARS = 160


def _short(value: Any) -> str:
    if value is None:
        return "–"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + " …"


def diff_html(diff: Diff) -> str:
    """Field: old → new, one line each."""
    if not diff:
        return ""
    items = "".join(
        f"<li><code>{escape(field)}</code>: <del>{escape(_short(old))}</del> → "
        f"<ins>{escape(_short(new))}</ins></li>"
        for field, (old, new) in diff.items()
    )
    return f'<ul class="diff">{items}</ul>'


async def audit_page(request: web.Request) -> web.Response:
    entry_id = request.query.get("entry", "").strip() or None
    records = console_of(request).audit.recent(limit=300, entry_id=entry_id)
    rows = [
        [
            escape(r.at),
            escape(r.user),
            escape(ACTION_LABELS.get(r.action, r.action)),
            (
                f'<a href="{escape(url(request, "entry", entry_id=r.entry_id))}">'
                f"{escape(r.entry_id)}</a>"
                if r.entry_id
                else ""
            ),
            diff_html(r.diff),
        ]
        for r in records
    ]
    title = f"Protokoll: {entry_id}" if entry_id else "Protokoll"
    body = (
        f'<form method="get" action="{escape(url(request, "audit"))}" class="filters">'
        f'<label for="entry">Eintrag (ID)</label>'
        f'<input id="entry" name="entry" value="{escape(entry_id or "")}">'
        '<button type="submit">Filtern</button></form>'
        + table(["Zeit (UTC)", "Wer", "Aktion", "Eintrag", "Änderungen"], rows)
    )
    return page(request, title, body)
