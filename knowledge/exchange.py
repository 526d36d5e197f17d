"""Content files in and out of the base: the explicit import (with a per-field diff and
conflict checks against staff edits) and the export back to the same YAML files.

The YAML files in git are a seed and a review format, never a second source of truth: an import
that would overwrite what staff changed since the last import is refused unless forced.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from knowledge.content import LocatedEntry, entry_to_data
from knowledge.models import KIND_FOLDERS, MODELS, Entry
from knowledge.store import (
    BaseContent,
    Diff,
    EntryState,
    default_file,
    entry_hash,
    field_diff,
    record_change,
)

Action = Literal["added", "changed", "removed"]
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class EntryDiff:
    """What an import does to one entry; `conflict` says why it touches a staff edit."""

    id: str
    kind: str
    action: Action
    fields: Diff
    conflict: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "action": self.action,
            "fields": self.fields,
            "conflict": self.conflict,
        }


@dataclass
class ImportReport:
    diffs: list[EntryDiff] = field(default_factory=list)
    unchanged: int = 0
    written: bool = False
    forced: bool = False

    @property
    def conflicts(self) -> list[EntryDiff]:
        return [diff for diff in self.diffs if diff.conflict]

    def ids(self, action: Action) -> list[str]:
        return [diff.id for diff in self.diffs if diff.action == action]

    def to_json(self) -> dict[str, Any]:
        return {
            "added": self.ids("added"),
            "changed": self.ids("changed"),
            "removed": self.ids("removed"),
            "unchanged": self.unchanged,
            "conflicts": [{"id": d.id, "reason": d.conflict} for d in self.conflicts],
            "written": self.written,
            "forced": self.forced,
            "diffs": [diff.to_json() for diff in self.diffs],
        }


def staff_changed(content: BaseContent, entry_id: str) -> str | None:
    """Why `entry_id` holds a staff edit not yet in the files (None: it does not)."""
    state = content.states.get(entry_id)
    current = content.entries.get(entry_id)
    if state is not None and state.deleted_at:
        return f"deleted by staff on {state.deleted_at[:10]} since the last import"
    if current is None:
        return None
    if state is None or state.imported_hash is None:
        return "created by staff, not in the imported files"
    if state.imported_hash != entry_hash(current):
        return "changed by staff since the last import"
    return None


def plan_import(content: BaseContent, incoming: list[LocatedEntry], sync: bool) -> ImportReport:
    """The diff an import of `incoming` would make; with `sync`, entries missing from
    `incoming` are removed."""
    report = ImportReport()
    given = {located.entry.id for located in incoming}
    for located in incoming:
        entry = located.entry
        current = content.entries.get(entry.id)
        if current is not None and entry_hash(current) == entry_hash(entry):
            report.unchanged += 1
            continue
        before = entry_to_data(current) if current else {}
        action: Action = "changed" if current else "added"
        report.diffs.append(
            EntryDiff(
                entry.id,
                entry.kind,
                action,
                field_diff(before, entry_to_data(entry)),
                staff_changed(content, entry.id),
            )
        )
    if sync:
        for entry_id, current in content.entries.items():
            if entry_id not in given:
                report.diffs.append(
                    EntryDiff(
                        entry_id,
                        current.kind,
                        "removed",
                        field_diff(entry_to_data(current), {}),
                        staff_changed(content, entry_id),
                    )
                )
    return report


def apply_import(
    content: BaseContent,
    incoming: list[LocatedEntry],
    report: ImportReport,
    user: str,
    log: bool = True,
) -> None:
    """Make `content` hold the planned import: entries, their import state and (with `log`)
    a line per change in the change log."""
    removed = set(report.ids("removed"))
    for located in incoming:
        entry = located.entry
        content.entries[entry.id] = entry
        content.states[entry.id] = EntryState(
            entry.kind, located.file, located.position, entry_hash(entry)
        )
    for entry_id in removed:
        content.entries.pop(entry_id)
        content.states.pop(entry_id, None)
    if removed or report.ids("added"):
        given = {located.entry.id for located in incoming}
        for entry_id, state in list(content.states.items()):
            if state.deleted_at and entry_id not in given and entry_id not in content.entries:
                content.states.pop(entry_id)
    for diff in report.diffs if log else []:
        record_change(content, user, f"import-{diff.action}", diff.id, diff.kind, diff.fields)


def export_files(content: BaseContent, out: Path) -> tuple[list[Path], list[Path]]:
    """Write every entry back to its content file under `out` (stable order: the file's
    order at import, then new entries by id), and remove content files of the kind folders
    whose entries are all gone; returns the files written and removed."""
    by_file: dict[str, list[tuple[int, str, Entry]]] = {}
    for entry in content.entries.values():
        state = content.states.get(entry.id)
        file = state.source_file if state else default_file(entry.kind)
        position = state.position if state else 0
        by_file.setdefault(file, []).append((position, entry.id, entry))
    written = []
    for file, items in sorted(by_file.items()):
        path = out / file
        path.parent.mkdir(parents=True, exist_ok=True)
        data = [ordered_data(entry) for _, _, entry in sorted(items, key=lambda i: i[:2])]
        path.write_text(dump_yaml(data), encoding="utf-8")
        written.append(path)
    removed = [
        path
        for folder in KIND_FOLDERS
        for path in sorted((out / folder).glob("*.y*ml"))
        if path not in written
    ]
    for path in removed:
        path.unlink()
    return written, removed


def ordered_data(entry: Entry) -> dict[str, Any]:
    """An entry's fields in reading order: id, the kind's own fields, then dates and sources."""
    data = entry_to_data(entry)
    shared = [name for name in Entry.model_fields if name != "id"]
    own = [name for name in MODELS[entry.kind].model_fields if name not in shared]
    order = own + shared
    return {key: data[key] for key in sorted(data, key=order.index)}


class _Dumper(yaml.SafeDumper):
    """One line per field (a change of a field is a change of one line), short lists inline,
    dates and whole numbers as people write them."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if ISO_DATE.fullmatch(value):
        return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value)
    return dumper.represent_str(value)


def _represent_float(dumper: yaml.SafeDumper, value: float) -> yaml.ScalarNode:
    return dumper.represent_int(int(value)) if value.is_integer() else dumper.represent_float(value)


def _represent_list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    inline = all(isinstance(item, str) and len(item) <= 30 for item in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=inline)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(float, _represent_float)
_Dumper.add_representer(list, _represent_list)


def dump_yaml(data: Any) -> str:
    """Entries as YAML, a blank line between them."""
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6)
    return text.replace("\n- id:", "\n\n- id:")
