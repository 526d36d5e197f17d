"""Staff command line: `python -m knowledge <command>` (see `--help`)."""

import argparse
import csv
import io
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from knowledge.base import build, open_search, refresh_index
from knowledge.content import ContentError, RawEntry, entry_to_data, load_content, validate_raw
from knowledge.models import KIND_FOLDERS, KINDS, MODELS, Entry
from knowledge.report import GROUPS, stale_report
from knowledge.search import SearchFilters
from knowledge.settings import KnowledgeSettings
from knowledge.status import Status, current_status, ending_soon_days, today
from knowledge.store import KnowledgeStore
from knowledge.vocabulary import SECTORS, STATES, TOPICS

FOLDERS = {kind: folder for folder, kind in KIND_FOLDERS.items()}


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def _print_problems(error: ContentError) -> int:
    for problem in error.problems:
        print(f"  {problem}", file=sys.stderr)
    return _fail(f"Nothing was written: {len(error.problems)} problem(s) found.")


def _store(settings: KnowledgeSettings) -> KnowledgeStore:
    return KnowledgeStore(settings.db_path)


def _existing_ids(store: KnowledgeStore) -> set[str]:
    return {e.id for e in store.entries()} if store.exists() else set()


def cmd_build(args: argparse.Namespace, settings: KnowledgeSettings) -> int:
    report = build(settings, progress=True)
    changes = report.changes
    print(
        f"Knowledge base {settings.db_path}: {len(changes.added)} added, "
        f"{len(changes.changed)} changed, {len(changes.removed)} removed, "
        f"{changes.unchanged} unchanged; index "
        f"{'rebuilt' if report.index_rebuilt else 'up to date'}."
    )
    return 0


def cmd_validate(args: argparse.Namespace, settings: KnowledgeSettings) -> int:
    entries = load_content(Path(args.path))
    print(f"OK: {len(entries)} entries in {args.path} are valid.")
    return 0


def cmd_import(args: argparse.Namespace, settings: KnowledgeSettings) -> int:
    store = _store(settings)
    known = set() if args.replace else _existing_ids(store)
    entries = load_content(Path(args.path), known_ids=known)
    changes = store.replace_all(entries) if args.replace else store.apply(entries, deletes=[])
    refresh_index(settings, progress=True)
    _print_json(changes.to_json())
    return 0


def cmd_add(args: argparse.Namespace, settings: KnowledgeSettings) -> int:
    store = _store(settings)
    existing = _existing_ids(store)
    entries = load_content(Path(args.file), known_ids=existing)
    clashes = [e.id for e in entries if e.id in existing]
    if clashes:
        return _fail(f"Nothing was written: id(s) already exist: {', '.join(clashes)} (use update)")
    _print_json(store.apply(entries, deletes=[]).to_json())
    refresh_index(settings)
    return 0


def _parse_assignment(text: str) -> tuple[str, Any]:
    if "=" not in text:
        raise ValueError(f"expected field=value, got {text!r}")
    field, raw = text.split("=", 1)
    value = yaml.safe_load(raw) if raw.strip() else None
    return field.strip(), value


def cmd_update(args: argparse.Namespace, settings: KnowledgeSettings) -> int:
    store = _store(settings)
    entry = store.get(args.id)
    if entry is None:
        return _fail(f"No entry with id {args.id!r}.")
    data = entry_to_data(entry)
    for assignment in args.assignments:
        try:
            field, value = _parse_assignment(assignment)
        except ValueError as error:
            return _fail(str(error))
        if value is None:
            data.pop(field, None)
        else:
            data[field] = value
    updated = validate_entry(entry.kind, data, store, source=f"update {args.id}")
    _print_json(store.apply([updated], deletes=[]).to_json())
    refresh_index(settings)
    return 0


def validate_entry(kind: str, data: dict[str, Any], store: KnowledgeStore, source: str) -> Entry:
    """Validate one entry's data against the model and the ids in `store`."""
    raw = RawEntry(file=source, position=0, kind=kind, data=data)  # type: ignore[arg-type]
    known = _existing_ids(store) - {data.get("id")}
    return validate_raw([raw], known_ids=known)[0]


def cmd_delete(args: argparse.Namespace, settings: KnowledgeSettings) -> int:
    store = _store(settings)
    if store.get(args.id) is None:
        return _fail(f"No entry with id {args.id!r}.")
    _print_json(store.apply([], deletes=[args.id]).to_json())
    refresh_index(settings)
    return 0


def cmd_list(args: argparse.Namespace, settings: KnowledgeSettings) -> int:
    for entry in _store(settings).entries(args.kind):
        status = current_status(entry)
        if args.status and status.value != args.status:
            continue
        print(f"{entry.kind:9}  {status.value:11}  {entry.id:55}  {entry.title}")
    return 0


def cmd_show(args: argparse.Namespace, settings: KnowledgeSettings) -> int:
    entry = _store(settings).get(args.id)
    if entry is None:
        return _fail(f"No entry with id {args.id!r}.")
    data = {"kind": entry.kind, "status": current_status(entry).value, **entry_to_data(entry)}
    print(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), end="")
    return 0


def cmd_stats(args: argparse.Namespace, settings: KnowledgeSettings) -> int:
    entries = _store(settings).entries()
    by_kind = Counter(e.kind for e in entries)
    by_status = Counter(f"{e.kind}:{current_status(e).value}" for e in entries)
    programmes = [e for e in entries if e.kind == "programme"]
    state_coverage = {
        code: sum(1 for p in programmes if code in p.states)  # type: ignore[attr-defined]
        for code in STATES
    }
    case_sectors = Counter(e.sector for e in entries if e.kind == "case")  # type: ignore[attr-defined]
    stats = {
        "today": today().isoformat(),
        "entries": len(entries),
        "by_kind": dict(by_kind),
        "by_status": dict(sorted(by_status.items())),
        "federal_programmes": sum(1 for p in programmes if p.level != "state"),  # type: ignore[attr-defined]
        "state_programmes_per_state": state_coverage,
        "cases_per_sector": dict(sorted(case_sectors.items())),
        "with_source": sum(1 for e in entries if e.source_url),
        "content_hash": _store(settings).meta("content_hash"),
    }
    _print_json(stats)
    return 0


def cmd_search(args: argparse.Namespace, settings: KnowledgeSettings) -> int:
    search = open_search(settings)
    filters = SearchFilters(
        kinds=tuple(args.kind or ()),
        state=args.state,
        sector=args.sector,
        topic=args.topic,
        statuses=tuple(Status(s) for s in args.status or ()),
    )
    hits = search.search(args.query, filters, limit=args.limit, mode=args.mode)
    _print_json([hit.to_json() for hit in hits])
    return 0


def cmd_stale(args: argparse.Namespace, settings: KnowledgeSettings) -> int:
    day = today()
    report = stale_report(_store(settings).entries(), day, ending_soon_days())
    if args.json:
        _print_json(
            {
                "date": day.isoformat(),
                "counts": {group: len(lines) for group, lines in report.items()},
                "groups": {
                    group: [vars(line) for line in lines] for group, lines in report.items()
                },
            }
        )
        return 0
    print(f"Knowledge report as of {day.isoformat()}")
    for group, lines in report.items():
        print(f"\n{GROUPS[group].capitalize()}: {len(lines)}")
        for line in lines:
            print(f"  {line.kind:9}  {line.id:50}  {line.detail}")
    return 0


def cmd_export(args: argparse.Namespace, settings: KnowledgeSettings) -> int:
    entries = _store(settings).entries()
    out = Path(args.out)
    for kind in KINDS:
        items = [entry_to_data(e) for e in entries if e.kind == kind]
        folder = out / FOLDERS[kind]
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{FOLDERS[kind]}.{args.format}"
        if args.format == "yaml":
            text = yaml.safe_dump(items, allow_unicode=True, sort_keys=False, width=100)
        elif args.format == "json":
            text = json.dumps(items, ensure_ascii=False, indent=2)
        else:
            text = _to_csv(kind, items)
        path.write_text(text, encoding="utf-8")
        print(f"{path}: {len(items)} entries")
    return 0


def _to_csv(kind: str, items: list[dict[str, Any]]) -> str:
    model = MODELS[kind]  # type: ignore[index]
    columns = [name for name in model.model_fields if name != "pause"]
    columns += ["pause_from", "pause_until", "pause_note_de", "pause_note_en"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for item in items:
        row = dict(item)
        for key, value in (row.pop("pause", None) or {}).items():
            row["pause_from" if key == "from" else f"pause_{key}"] = value
        writer.writerow(
            {k: ";".join(map(str, v)) if isinstance(v, list) else v for k, v in row.items()}
        )
    return buffer.getvalue()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m knowledge", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    commands.add_parser("build", help="make the database mirror knowledge/content, refresh index")
    p = commands.add_parser("validate", help="check content files without writing anything")
    p.add_argument("path", nargs="?", default=str(KnowledgeSettings.from_env().content_dir))
    p = commands.add_parser("import", help="add or replace entries from YAML, JSON or CSV")
    p.add_argument("path")
    p.add_argument("--replace", action="store_true", help="remove entries not in PATH")
    p = commands.add_parser("export", help="write the database as content files")
    p.add_argument("--out", default="export")
    p.add_argument("--format", choices=["yaml", "json", "csv"], default="yaml")
    p = commands.add_parser("add", help="add new entries from a file")
    p.add_argument("file")
    p = commands.add_parser("update", help="set fields of one entry: field=value …")
    p.add_argument("id")
    p.add_argument("assignments", nargs="+", metavar="field=value")
    p = commands.add_parser("delete", help="delete one entry")
    p.add_argument("id")
    p = commands.add_parser("list", help="list entries with their status")
    p.add_argument("--kind", choices=KINDS)
    p.add_argument("--status", choices=[s.value for s in Status])
    p = commands.add_parser("show", help="show one entry")
    p.add_argument("id")
    commands.add_parser("stats", help="counts by kind, status, state and sector")
    p = commands.add_parser("search", help="hybrid search, JSON hits")
    p.add_argument("query")
    p.add_argument("--kind", action="append", choices=KINDS)
    p.add_argument("--state", choices=list(STATES))
    p.add_argument("--sector", choices=list(SECTORS))
    p.add_argument("--topic", choices=list(TOPICS))
    p.add_argument("--status", action="append", choices=[s.value for s in Status])
    p.add_argument("--limit", type=int, default=5)
    p.add_argument("--mode", choices=["hybrid", "semantic", "lexical"], default="hybrid")
    p = commands.add_parser("stale", help="entries ended, ending soon, paused or unchecked")
    p.add_argument("--json", action="store_true")
    return parser


COMMANDS = {
    "build": cmd_build,
    "validate": cmd_validate,
    "import": cmd_import,
    "export": cmd_export,
    "add": cmd_add,
    "update": cmd_update,
    "delete": cmd_delete,
    "list": cmd_list,
    "show": cmd_show,
    "stats": cmd_stats,
    "search": cmd_search,
    "stale": cmd_stale,
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = KnowledgeSettings.from_env()
    try:
        return COMMANDS[args.command](args, settings)
    except ContentError as error:
        return _print_problems(error)
    except FileNotFoundError as error:
        return _fail(str(error))
    except KeyError as error:
        return _fail(f"Nothing was written: {error.args[0]}")
