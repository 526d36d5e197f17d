"""The entry form as HTML: one field per model field, its German label, hint and errors."""

from collections.abc import Mapping
from html import escape

from aiohttp import web

from console.forms import FieldSpec, field_specs
from console.labels import KIND_LABELS
from console.markup import csrf_input, notice
from console.messages import GENERAL
from knowledge.models import Kind


def _control(spec: FieldSpec, value: str, described_by: str, readonly: bool) -> str:
    attrs = f'id="f-{spec.name}" name="{spec.name}"'
    if described_by:
        attrs += f' aria-describedby="{described_by}"'
    if spec.required:
        attrs += ' aria-required="true"'
    if readonly:
        attrs += " readonly"
    if spec.widget == "textarea":
        return f'<textarea {attrs} rows="4">{escape(value)}</textarea>'
    if spec.widget == "select":
        options = ['<option value="">–</option>'] + [
            f'<option value="{escape(code)}"{" selected" if code == value else ""}>'
            f"{escape(spec.option_label(code))}</option>"
            for code in spec.options
        ]
        return f"<select {attrs}>{''.join(options)}</select>"
    extra = {
        "date": ' placeholder="JJJJ-MM-TT" inputmode="numeric"',
        "number": ' inputmode="decimal"',
    }.get(spec.widget, "")
    return f'<input type="text" {attrs} value="{escape(value)}"{extra}>'


def field_html(spec: FieldSpec, value: str, errors: list[str], readonly: bool = False) -> str:
    ids = []
    hint = ""
    if spec.hint:
        ids.append(f"f-{spec.name}-hint")
        hint = f'<small class="hint" id="f-{spec.name}-hint">{escape(spec.hint)}</small>'
    error_html = ""
    if errors:
        ids.append(f"f-{spec.name}-error")
        error_html = (
            f'<p class="field-error" id="f-{spec.name}-error">'
            + "<br>".join(escape(message) for message in errors)
            + "</p>"
        )
    control = _control(spec, value, " ".join(ids), readonly)
    if errors:
        control = control.replace(" id=", ' aria-invalid="true" id=', 1)
    required = ' <span class="required" aria-hidden="true">*</span>' if spec.required else ""
    css = "field has-error" if errors else "field"
    return (
        f'<div class="{css}"><label for="f-{spec.name}">{escape(spec.label)}{required} '
        f"<code>{escape(spec.name)}</code></label>{control}{hint}{error_html}</div>"
    )


def entry_form(
    request: web.Request,
    kind: Kind,
    action: str,
    values: Mapping[str, str],
    errors: Mapping[str, list[str]],
    submit: str,
    hidden: Mapping[str, str] | None = None,
) -> str:
    """The form for one entry of `kind`; on edit the id is read-only."""
    editing = bool(hidden and "entry_hash" in hidden)
    general = errors.get(GENERAL, [])
    header = ""
    if errors:
        count = sum(len(messages) for messages in errors.values())
        text = f"Nicht gespeichert: {count} Angabe(n) bitte korrigieren."
        text += "".join(f"<br>{escape(message)}" for message in general)
        header = notice(text, "error")
    hidden_inputs = "".join(
        f'<input type="hidden" name="{escape(k)}" value="{escape(v)}">'
        for k, v in (hidden or {}).items()
    )
    fields = "".join(
        field_html(
            spec,
            values.get(spec.name, ""),
            errors.get(spec.name, []),
            readonly=editing and spec.name == "id",
        )
        for spec in field_specs(kind)
    )
    return (
        f"{header}<p>Art: {escape(KIND_LABELS[kind])}. Pflichtfelder sind mit * markiert.</p>"
        f'<form method="post" action="{escape(action)}" class="entry-form" novalidate>'
        f"{csrf_input(request)}{hidden_inputs}{fields}"
        f'<button type="submit">{escape(submit)}</button></form>'
    )
