"""The entry form: one field per model field, and the conversion between form values and
entry data (lists as comma-separated text, dates as YYYY-MM-DD, the pause as four fields)."""

import re
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from pydantic.fields import FieldInfo

from console.messages import form_field, german
from knowledge.content import Problem
from knowledge.models import (
    MODELS,
    PAUSE_COLUMNS,
    PAUSE_KEYS,
    Entry,
    Kind,
    nest_pause,
    pause_column,
)
from knowledge.vocabulary import SECTORS, STATES, TOPICS

LONG_TEXT_CHARS = 1000
PAUSE_DATES = ("from", "until")  # the pause's date fields; its notes are long text
EVIDENCE = "evidence"
EVIDENCE_KEYS = ("year", "url", "checked", "note")

LABELS = {
    "id": "ID",
    "source_url": "Quelle (URL)",
    "last_checked": "Zuletzt geprüft",
    "valid_from": "Gültig ab",
    "valid_until": "Gültig bis",
    "pause_from": "Pause ab",
    "pause_until": "Pause bis",
    "pause_note_de": "Hinweis zur Pause (de)",
    "pause_note_en": "Hinweis zur Pause (en)",
    "successor": "Nachfolger (ID)",
    "successor_note_de": "Hinweis zum Nachfolger (de)",
    "successor_note_en": "Hinweis zum Nachfolger (en)",
    "aliases": "Andere Namen",
    "evidence": "Belege",
    "project_kinds": "Art des Vorhabens",
    "name": "Name",
    "funder": "Fördergeber",
    "level": "Ebene",
    "states": "Bundesländer",
    "sectors": "Branchen",
    "excluded_sectors": "Ausgeschlossene Branchen",
    "excluded_legal_forms": "Ausgeschlossene Rechtsformen",
    "topics": "Themen",
    "funding_type": "Förderart",
    "rate_percent": "Förderquote (%)",
    "max_amount_eur": "Höchstbetrag (€)",
    "min_amount_eur": "Mindestbetrag (€)",
    "max_employees": "Höchstens Beschäftigte",
    "max_turnover_eur": "Höchstumsatz (€)",
    "summary_de": "Zusammenfassung (de)",
    "summary_en": "Zusammenfassung (en)",
    "eligibility_de": "Voraussetzungen (de)",
    "eligibility_en": "Voraussetzungen (en)",
    "how_to_apply_de": "Antrag (de)",
    "how_to_apply_en": "Antrag (en)",
    "centre_type": "Art des Zentrums",
    "city": "Stadt",
    "themes": "Themen",
    "offers_de": "Angebote (de)",
    "offers_en": "Angebote (en)",
    "website": "Website",
    "title_de": "Titel (de)",
    "title_en": "Titel (en)",
    "firm": "Unternehmen",
    "sector": "Branche",
    "employees": "Beschäftigte",
    "size": "Größe",
    "state": "Bundesland",
    "problem_de": "Ausgangslage (de)",
    "solution_de": "Lösung (de)",
    "result_de": "Ergebnis (de)",
    "problem_en": "Ausgangslage (en)",
    "solution_en": "Lösung (en)",
    "result_en": "Ergebnis (en)",
    "helped_by": "Unterstützt von (IDs)",
    "published": "Veröffentlicht",
    "question_de": "Frage (de)",
    "answer_de": "Antwort (de)",
    "question_en": "Frage (en)",
    "answer_en": "Antwort (en)",
    "related": "Verwandt (IDs)",
}
VOCABULARIES = (STATES, SECTORS, TOPICS)


@dataclass(frozen=True)
class FieldSpec:
    """How one field is shown: `widget` is text, textarea, select, list, date or number."""

    name: str
    label: str
    widget: str
    required: bool
    options: tuple[str, ...] = ()
    integer: bool = False

    def option_label(self, code: str) -> str:
        for vocabulary in VOCABULARIES:
            if set(self.options) <= vocabulary.keys() and code in vocabulary:
                return f"{code} – {vocabulary[code][0]}"
        return code

    @property
    def hint(self) -> str:
        if self.name == EVIDENCE:
            return "Je Zeile ein Beleg: Jahr | URL | geprüft am (JJJJ-MM-TT) | Notiz (optional)."
        if self.widget == "list" and self.options:
            return "Kommagetrennt. Erlaubt: " + ", ".join(self.options)
        if self.widget == "list":
            return "Kommagetrennt."
        if self.widget == "date":
            return "JJJJ-MM-TT"
        return ""


def _walk(annotation: Any) -> Iterator[Any]:
    """The annotation and everything nested in it (Optional, Annotated, list, metadata)."""
    pending = [annotation]
    while pending:
        current = pending.pop()
        yield current
        pending.extend(typing.get_args(current))
        pending.extend(getattr(current, "__metadata__", ()))
        if isinstance(current, FieldInfo):
            pending.extend(current.metadata)


def _spec(name: str, info: FieldInfo) -> FieldSpec:
    parts = [*_walk(info.annotation), *info.metadata]
    options = next((typing.get_args(p) for p in parts if typing.get_origin(p) is Literal), ())
    max_length = max((getattr(p, "max_length", None) or 0 for p in parts), default=0)
    if typing.get_origin(info.annotation) is list:
        widget = "list"
    elif options:
        widget = "select"
    elif date in parts:
        widget = "date"
    elif int in parts or float in parts:
        widget = "number"
    elif max_length > LONG_TEXT_CHARS:
        widget = "textarea"
    else:
        widget = "text"
    return FieldSpec(
        name, LABELS.get(name, name), widget, info.is_required(), tuple(options), int in parts
    )


def field_specs(kind: Kind) -> list[FieldSpec]:
    """The form fields of a kind: the id, the kind's own fields, then sources and dates (the
    pause as four fields)."""
    fields = MODELS[kind].model_fields
    common = [name for name in Entry.model_fields if name != "id"]
    order = ["id", *(name for name in fields if name not in Entry.model_fields), *common]
    specs: list[FieldSpec] = []
    for name in order:
        info = fields[name]
        if name == "pause":
            specs += [
                FieldSpec(
                    column, LABELS[column], "date" if key in PAUSE_DATES else "textarea", False
                )
                for key, column in zip(PAUSE_KEYS, PAUSE_COLUMNS, strict=True)
            ]
        elif name == EVIDENCE:
            specs.append(FieldSpec(EVIDENCE, LABELS[EVIDENCE], "textarea", False))
        else:
            specs.append(_spec(name, info))
    return specs


def evidence_from_text(raw: str) -> list[dict[str, str]]:
    """Evidence items from one line each: "2026 | https://… | 2026-11-24 | note"."""
    items = []
    for line in raw.splitlines():
        parts = [part.strip() for part in line.split("|")]
        if any(parts):
            items.append(
                {key: value for key, value in zip(EVIDENCE_KEYS, parts[:4], strict=False) if value}
            )
    return items


def evidence_to_text(items: list[Mapping[str, Any]]) -> str:
    return "\n".join(
        " | ".join(str(item[key]) for key in EVIDENCE_KEYS if item.get(key) is not None)
        for item in items
    )


def form_to_data(kind: Kind, form: Mapping[str, str]) -> dict[str, Any]:
    """Entry data from submitted form values; empty fields are left out."""
    data: dict[str, Any] = {}
    flat_pause: dict[str, str] = {}
    for spec in field_specs(kind):
        raw = str(form.get(spec.name, "")).replace("\r\n", "\n").strip()
        if not raw:
            continue
        if spec.name in PAUSE_COLUMNS:
            flat_pause[spec.name] = raw
        elif spec.name == EVIDENCE:
            data[EVIDENCE] = evidence_from_text(raw)
        elif spec.widget == "list":
            data[spec.name] = [item.strip() for item in raw.split(",") if item.strip()]
        else:
            data[spec.name] = raw
    if flat_pause:
        data["pause"] = nest_pause(flat_pause)
    return data


def input_problems(kind: Kind, form: Mapping[str, str]) -> dict[str, list[str]]:
    """Input the model would misread: "31.000" is 31 to it, but 31000 to a German reader;
    dates other than YYYY-MM-DD."""
    errors: dict[str, list[str]] = {}
    for spec in field_specs(kind):
        raw = str(form.get(spec.name, "")).strip()
        if not raw:
            continue
        if spec.widget == "number" and spec.integer and not raw.isdigit():
            errors[spec.name] = [german("Input should be a valid integer")]
        elif spec.widget == "date" and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            errors[spec.name] = [german("Input should be a valid date")]
    return errors


def _text(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return "" if value is None else str(value)


def data_to_form(data: Mapping[str, Any]) -> dict[str, str]:
    """Form values for entry data (as `entry_to_data` gives it)."""
    values = {key: _text(value) for key, value in data.items() if key not in ("pause", EVIDENCE)}
    if data.get(EVIDENCE):
        values[EVIDENCE] = evidence_to_text(data[EVIDENCE])
    for key, value in (data.get("pause") or {}).items():
        values[pause_column(key)] = _text(value)
    return values


def problems_to_errors(problems: list[Problem], data: Mapping[str, Any]) -> dict[str, list[str]]:
    """German messages by form field ("" for problems of the whole entry)."""
    errors: dict[str, list[str]] = {}
    for problem in problems:
        field, position = form_field(problem)
        message = german(problem.message)
        items = data.get(field)
        if field == EVIDENCE and position is not None:
            message = f"Zeile {position + 1}: {message}"
        elif position is not None and isinstance(items, list) and position < len(items):
            message = f"„{items[position]}“: {message}"
        errors.setdefault(field, []).append(message)
    return errors
