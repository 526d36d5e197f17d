"""Changing the knowledge base: create, edit, mark as ended, delete (soft) and undo."""

import asyncio
import typing
from html import escape

from aiohttp import web

from console.console import console_of, current_user
from console.editing import EditError
from console.forms import data_to_form
from console.labels import KIND_LABELS
from console.markup import notice, page, post_button, redirect, table, url
from console.views.form_html import entry_form
from console.views.knowledge import entry_page
from knowledge.content import entry_to_data
from knowledge.models import KINDS, Entry, Kind
from knowledge.store import entry_hash


def _entry_or_404(request: web.Request) -> Entry:
    entry = console_of(request).store.get(request.match_info["entry_id"])
    if entry is None:
        raise web.HTTPNotFound(text="Kein Eintrag mit dieser ID.")
    return entry


def _form_values(form: object) -> dict[str, str]:
    return {key: str(value) for key, value in form.items()}  # type: ignore[attr-defined]


def _error_notice(error: EditError) -> str:
    messages = [m for ms in error.errors.values() for m in ms]
    return notice("<br>".join(escape(m) for m in messages), "error")


async def new_entry_form(request: web.Request) -> web.Response:
    kind = request.query.get("kind", "")
    if kind not in KINDS:
        links = "".join(
            f'<li><a href="{escape(url(request, "entry.new", {"kind": k}))}">'
            f"{escape(KIND_LABELS[k])}</a></li>"
            for k in KINDS
        )
        return page(request, "Neuer Eintrag", f"<p>Welche Art?</p><ul>{links}</ul>")
    typed_kind = typing.cast(Kind, kind)
    values = {k: v for k, v in request.query.items() if k != "kind"}
    action = url(request, "entry.new")
    form = entry_form(request, typed_kind, action, values, {}, "Anlegen", {"kind": kind})
    return page(request, f"Neu: {KIND_LABELS[typed_kind]}", form)


async def create_entry(request: web.Request) -> web.Response:
    console = console_of(request)
    values = _form_values(await request.post())
    kind = values.get("kind", "")
    if kind not in KINDS:
        raise web.HTTPBadRequest(text="Unbekannte Art.")
    typed_kind = typing.cast(Kind, kind)
    try:
        entry = await asyncio.to_thread(
            console.editor.create, typed_kind, values, current_user(request)
        )
    except EditError as error:
        form = entry_form(
            request,
            typed_kind,
            url(request, "entry.new"),
            values,
            error.errors,
            "Anlegen",
            {"kind": kind},
        )
        return page(request, f"Neu: {KIND_LABELS[typed_kind]}", form, status=400)
    return redirect(url(request, "entry", {"msg": "created"}, entry_id=entry.id))


def _edit_page(
    request: web.Request,
    entry: Entry,
    values: dict[str, str],
    errors: dict[str, list[str]],
    expected_hash: str,
    status: int = 200,
) -> web.Response:
    action = url(request, "entry.edit", entry_id=entry.id)
    form = entry_form(
        request, entry.kind, action, values, errors, "Speichern", {"entry_hash": expected_hash}
    )
    return page(request, f"Bearbeiten: {entry.title}", form, status)


async def edit_entry_form(request: web.Request) -> web.Response:
    entry = _entry_or_404(request)
    return _edit_page(request, entry, data_to_form(entry_to_data(entry)), {}, entry_hash(entry))


async def update_entry(request: web.Request) -> web.Response:
    console = console_of(request)
    entry = _entry_or_404(request)
    values = _form_values(await request.post())
    expected = values.get("entry_hash", "")
    try:
        updated = await asyncio.to_thread(
            console.editor.update, entry.id, values, current_user(request), expected
        )
    except EditError as error:
        values["id"] = entry.id
        return _edit_page(request, entry, values, error.errors, expected, status=400)
    except KeyError as error:
        raise web.HTTPNotFound(text="Kein Eintrag mit dieser ID.") from error
    message = "saved" if updated else "unchanged"
    return redirect(url(request, "entry", {"msg": message}, entry_id=entry.id))


async def end_entry(request: web.Request) -> web.Response:
    console = console_of(request)
    entry = _entry_or_404(request)
    try:
        await asyncio.to_thread(console.editor.mark_ended, entry.id, current_user(request))
    except EditError as error:
        return entry_page(request, entry, _error_notice(error), status=400)
    except KeyError as error:
        raise web.HTTPNotFound(text="Kein Eintrag mit dieser ID.") from error
    return redirect(url(request, "entry", {"msg": "ended"}, entry_id=entry.id))


async def delete_entry(request: web.Request) -> web.Response:
    console = console_of(request)
    entry = _entry_or_404(request)
    try:
        item_id = await asyncio.to_thread(
            console.editor.soft_delete, entry.id, current_user(request)
        )
    except EditError as error:
        return entry_page(request, entry, _error_notice(error), status=409)
    except KeyError as error:
        raise web.HTTPNotFound(text="Kein Eintrag mit dieser ID.") from error
    return redirect(url(request, "knowledge", {"deleted": str(item_id)}))


def _trash_page(request: web.Request, message: str = "", status: int = 200) -> web.Response:
    items = console_of(request).trash.waiting()
    rows = [
        [
            escape(item.entry_id),
            escape(KIND_LABELS.get(typing.cast(Kind, item.kind), item.kind)),
            escape(item.title),
            escape(f"{item.deleted_at} ({item.deleted_by})"),
            post_button(
                request, url(request, "trash.restore", item=str(item.id)), "Wiederherstellen"
            ),
        ]
        for item in items
    ]
    body = message + table(
        ["ID", "Art", "Titel", "Gelöscht", ""], rows, empty="Der Papierkorb ist leer."
    )
    return page(request, "Papierkorb", body, status)


async def trash_page(request: web.Request) -> web.Response:
    return _trash_page(request)


async def restore_entry(request: web.Request) -> web.Response:
    console = console_of(request)
    item = request.match_info["item"]
    try:
        entry = await asyncio.to_thread(console.editor.restore, int(item), current_user(request))
    except EditError as error:
        return _trash_page(request, _error_notice(error), status=409)
    return redirect(url(request, "entry", {"msg": "restored"}, entry_id=entry.id))
