"""Changing the knowledge base: create, edit, mark as ended, delete (soft) and undo."""

import asyncio
import typing
from collections.abc import Mapping

from aiohttp import web

from console.console import console_of, current_user
from console.editing import EditError
from console.forms import data_to_form, field_specs
from console.labels import KIND_LABELS
from console.messages import GENERAL
from console.pages import redirect, render, url
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


def _messages(error: EditError) -> list[str]:
    return [message for messages in error.errors.values() for message in messages]


def _form_page(
    request: web.Request,
    title: str,
    kind: Kind,
    action: str,
    values: Mapping[str, str],
    errors: Mapping[str, list[str]],
    submit: str,
    hidden: Mapping[str, str],
    status: int = 200,
) -> web.Response:
    """The entry form of `kind` with `values` and German `errors` by field; on edit (an
    `entry_hash` among the `hidden` fields) the id is read-only."""
    return render(
        request,
        "entry_form.html",
        status,
        title=title,
        kind=kind,
        action=action,
        specs=field_specs(kind),
        values=values,
        errors=errors,
        error_count=sum(len(messages) for messages in errors.values()),
        general_errors=errors.get(GENERAL, []),
        hidden=hidden,
        editing="entry_hash" in hidden,
        submit=submit,
    )


def _new_page(
    request: web.Request,
    kind: Kind,
    values: Mapping[str, str],
    errors: Mapping[str, list[str]],
    status: int = 200,
) -> web.Response:
    title = f"Neu: {KIND_LABELS[kind]}"
    action = url(request, "entry.new")
    return _form_page(
        request, title, kind, action, values, errors, "Anlegen", {"kind": kind}, status
    )


async def new_entry_form(request: web.Request) -> web.Response:
    kind = request.query.get("kind", "")
    if kind not in KINDS:
        return render(request, "entry_kinds.html")
    values = {k: v for k, v in request.query.items() if k != "kind"}
    return _new_page(request, typing.cast(Kind, kind), values, {})


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
        return _new_page(request, typed_kind, values, error.errors, status=400)
    return redirect(url(request, "entry", {"msg": "created"}, entry_id=entry.id))


def _edit_page(
    request: web.Request,
    entry: Entry,
    values: dict[str, str],
    errors: dict[str, list[str]],
    expected_hash: str,
    status: int = 200,
) -> web.Response:
    return _form_page(
        request,
        f"Bearbeiten: {entry.title}",
        entry.kind,
        url(request, "entry.edit", entry_id=entry.id),
        values,
        errors,
        "Speichern",
        {"entry_hash": expected_hash},
        status,
    )


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
        return entry_page(request, entry, errors=_messages(error), status=400)
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
        return entry_page(request, entry, errors=_messages(error), status=409)
    except KeyError as error:
        raise web.HTTPNotFound(text="Kein Eintrag mit dieser ID.") from error
    return redirect(url(request, "knowledge", {"deleted": str(item_id)}))


def _trash_page(
    request: web.Request, errors: list[str] | None = None, status: int = 200
) -> web.Response:
    items = console_of(request).trash.waiting()
    return render(request, "trash.html", status, items=items, errors=errors or [])


async def trash_page(request: web.Request) -> web.Response:
    return _trash_page(request)


async def restore_entry(request: web.Request) -> web.Response:
    console = console_of(request)
    item = request.match_info["item"]
    try:
        entry = await asyncio.to_thread(console.editor.restore, int(item), current_user(request))
    except EditError as error:
        return _trash_page(request, _messages(error), status=409)
    return redirect(url(request, "entry", {"msg": "restored"}, entry_id=entry.id))
