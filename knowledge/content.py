"""Reading entries from YAML, JSON and CSV files and validating them as a whole.

A problem names the file, the entry and the field, so staff can fix it without guessing.
Nothing is returned as valid unless every file of the batch validates.
"""

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from knowledge.models import KIND_FOLDERS, KINDS, MODELS, Entry, Kind, pause_key

SUFFIXES = (".yaml", ".yml", ".json", ".csv")
CSV_LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Problem:
    file: str
    entry: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: entry {self.entry}: {self.field}: {self.message}"


class ContentError(Exception):
    """The content does not validate; `problems` lists every finding."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the content")
        self.problems = problems


@dataclass(frozen=True)
class RawEntry:
    file: str
    position: int
    kind: Kind | None
    data: dict[str, Any]

    @property
    def label(self) -> str:
        entry_id = self.data.get("id")
        return f"'{entry_id}'" if entry_id else f"#{self.position + 1}"


def content_files(path: Path) -> list[Path]:
    """The content files under `path` (or `path` itself), in a stable order."""
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*") if p.suffix in SUFFIXES and p.is_file())


def _kind_from_path(path: Path) -> Kind | None:
    for part in (path.parent.name, path.stem):
        if part in KIND_FOLDERS:
            return KIND_FOLDERS[part]
    return None


def _csv_rows(path: Path) -> list[dict[str, Any]]:
    """CSV rows as entries: empty cells are left out, `;` separates list items."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    entries = []
    for row in rows:
        entry: dict[str, Any] = {}
        pause: dict[str, Any] = {}
        for key, value in row.items():
            if key is None or value is None or value.strip() == "":
                continue
            value = value.strip()
            in_pause = pause_key(key)
            if in_pause is not None:
                pause[in_pause] = value
            elif value.startswith("[") or key in LIST_FIELDS:
                entry[key] = (
                    json.loads(value)
                    if value.startswith("[")
                    else [item.strip() for item in value.split(CSV_LIST_SEPARATOR) if item.strip()]
                )
            else:
                entry[key] = value
        if pause:
            entry["pause"] = pause
        entries.append(entry)
    return entries


LIST_FIELDS = frozenset(
    name
    for model in MODELS.values()
    for name, info in model.model_fields.items()
    if getattr(info.annotation, "__origin__", None) is list
)


def read_file(path: Path) -> tuple[list[RawEntry], list[Problem]]:
    """Parse one file into raw entries; a syntax error becomes a problem, not an exception."""
    name = str(path)
    try:
        if path.suffix == ".csv":
            items: Any = _csv_rows(path)
        elif path.suffix == ".json":
            items = json.loads(path.read_text(encoding="utf-8"))
        else:
            items = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, json.JSONDecodeError, UnicodeDecodeError, csv.Error) as error:
        return [], [Problem(name, "-", "-", f"cannot be read: {error}")]
    if items is None:
        return [], []
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list):
        return [], [Problem(name, "-", "-", "must contain a list of entries")]
    default_kind = _kind_from_path(path)
    raws, problems = [], []
    for position, item in enumerate(items):
        if not isinstance(item, dict):
            problems.append(Problem(name, f"#{position + 1}", "-", "an entry must be a mapping"))
            continue
        item = dict(item)
        kind = item.pop("kind", None) or default_kind
        if kind not in KINDS:
            problems.append(
                Problem(name, f"#{position + 1}", "kind", f"unknown kind {kind!r}; use {KINDS}")
            )
            continue
        raws.append(RawEntry(name, position, kind, item))
    return raws, problems


def validate_raw(raws: list[RawEntry], known_ids: set[str] | None = None) -> list[Entry]:
    """Validate entries, their ids' uniqueness and their references; raise ContentError."""
    problems: list[Problem] = []
    entries: list[tuple[RawEntry, Entry]] = []
    for raw in raws:
        assert raw.kind is not None
        try:
            entries.append((raw, MODELS[raw.kind].model_validate(raw.data)))
        except ValidationError as error:
            for detail in error.errors():
                field = ".".join(str(part) for part in detail["loc"]) or "-"
                problems.append(Problem(raw.file, raw.label, field, detail["msg"]))
    seen: dict[str, str] = {}
    for raw, entry in entries:
        if entry.id in seen:
            problems.append(
                Problem(raw.file, raw.label, "id", f"duplicate id, also in {seen[entry.id]}")
            )
        seen[entry.id] = raw.file
    all_ids = set(seen) | (known_ids or set())
    for raw, entry in entries:
        for field, targets in entry.references().items():
            for target in targets:
                if target not in all_ids:
                    problems.append(Problem(raw.file, raw.label, field, f"unknown id {target!r}"))
    if problems:
        raise ContentError(problems)
    return [entry for _, entry in entries]


@dataclass(frozen=True)
class LocatedEntry:
    """An entry with the content file it was read from (relative to the content folder) and
    its position there, so an export writes it back to the same place."""

    entry: Entry
    file: str
    position: int


def load_content(path: Path, known_ids: set[str] | None = None) -> list[Entry]:
    """Read and validate every content file under `path`; raise ContentError on any problem."""
    return [located.entry for located in load_located(path, known_ids)]


def _relative_file(root: Path, file: Path, kind: Kind) -> str:
    """Where an entry read from `file` is exported to: the same path inside the kind's folder
    (`programmes/federal.yaml`), or a YAML file of that name in the kind's folder."""
    folder = next(name for name, k in KIND_FOLDERS.items() if k == kind)
    relative = file.relative_to(root) if root.is_dir() else Path(file.name)
    if len(relative.parts) == 2 and relative.parts[0] == folder and file.suffix == ".yaml":
        return relative.as_posix()
    return f"{folder}/{relative.stem}.yaml"


def load_located(path: Path, known_ids: set[str] | None = None) -> list[LocatedEntry]:
    """Like `load_content`, with each entry's file and position."""
    raws: list[RawEntry] = []
    problems: list[Problem] = []
    files = content_files(path)
    if not files:
        raise ContentError([Problem(str(path), "-", "-", "no content files found")])
    for file in files:
        file_raws, file_problems = read_file(file)
        raws.extend(file_raws)
        problems.extend(file_problems)
    try:
        entries = validate_raw(raws, known_ids)
    except ContentError as error:
        problems.extend(error.problems)
    if problems:
        raise ContentError(problems)
    return [
        LocatedEntry(entry, _relative_file(path, Path(raw.file), entry.kind), raw.position)
        for raw, entry in zip(raws, entries, strict=True)
    ]


def entry_to_data(entry: Entry) -> dict[str, Any]:
    """An entry as plain data for export: dates as ISO strings, empty fields left out."""
    data = entry.model_dump(mode="json", by_alias=True, exclude_none=True)
    return {key: value for key, value in data.items() if value != []}
