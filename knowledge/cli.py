"""Staff command line: `python -m knowledge <command>` (see `--help`)."""

import argparse
import getpass
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from common.settings import load_settings
from knowledge.base import ImportConflict, KnowledgeBase
from knowledge.content import ContentError, entry_to_data, load_content
from knowledge.exchange import ImportReport
from knowledge.models import KINDS, Case, Entry, Programme
from knowledge.report import GROUPS, stale_report
from knowledge.search import SearchFilters
from knowledge.settings import KnowledgeSettings
from knowledge.status import Status, confirmed_for, current_status, ending_soon_days, today
from knowledge.store import KnowledgeStore
from knowledge.validation import existing_ids, validate_entry
from knowledge.vocabulary import SECTORS, STATES, TOPICS


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _fail(message: str, code: int = 1) -> int:
    print(message, file=sys.stderr)
    return code


def _print_problems(error: ContentError) -> int:
    for problem in error.problems:
        print(f"  {problem}", file=sys.stderr)
    return _fail(f"Nothing was written: {len(error.problems)} problem(s) found.")


def _store(settings: KnowledgeSettings) -> KnowledgeStore:
    return KnowledgeStore(settings.db_path)


def _user(args: argparse.Namespace) -> str:
    """Who the audit log names for a change made on the command line."""
    return f"cli:{args.user or getpass.getuser()}"


def cmd_ensure(args: argparse.Namespace, settings: KnowledgeSettings) -> int:
    report = KnowledgeBase(settings).ensure(progress=print)
    print(f"Knowledge base {settings.db_path}: {report.action}, {report.entries} entries.")
    if report.differs_from_files:
        print(
            f"{report.differs_from_files} entries differ from {settings.content_dir} (staff "
            "edits, or new content files): the base keeps them. See the difference with "
            "`python -m knowledge import knowledge/content --sync --dry-run`; write staff edits "
            "back with `python -m knowledge export`."
        )
    return 0


def cmd_validate(args: argparse.Namespace, settings: KnowledgeSettings) -> int:
    entries = load_content(Path(args.path))
    print(f"OK: {len(entries)} entries in {args.path} are valid.")
    return 0


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 70 else text[:67] + "..."


def print_import_report(report: ImportReport) -> None:
    """The import's diff for people: one line per entry, one per changed field."""
    for diff in report.diffs:
        mark = {"added": "+", "changed": "~", "removed": "-"}[diff.action]
        conflict = f"   CONFLICT: {diff.conflict}" if diff.conflict else ""
        print(f"{mark} {diff.kind:9} {diff.id}{conflict}")
        if diff.action == "changed":
            for field, (old, new) in diff.fields.items():
                print(f"      {field}: {_short(old)} -> {_short(new)}")
    counts = report.to_json()
    print(
        f"{len(counts['added'])} added, {len(counts['changed'])} changed, "
        f"{len(counts['removed'])} removed, {report.unchanged} unchanged, "
        f"{len(report.conflicts)} conflict(s) with staff edits."
    )


def cmd_import(args: argparse.Namespace, settings: KnowledgeSettings) -> int:
    base = KnowledgeBase(settings)
    try:
        report = base.import_files(
            Path(args.path), _user(args), sync=args.sync, force=args.force, dry_run=args.dry_run
        )
    except ImportConflict as conflict:
        _print_json(conflict.report.to_json()) if args.json else print_import_report(
            conflict.report
        )
        return _fail(
            "Nothing was written: the import would overwrite the staff edits marked CONFLICT. "
            "Export them first (`python -m knowledge export`) or repeat with --force.",
            code=2,
        )
    _print_json(report.to_json()) if args.json else print_import_report(report)
    if report.forced:
        print("Forced: staff edits overwritten: " + ", ".join(diff.id for diff in report.conflicts))
    print(
        "Dry run: nothing was written."
        if args.dry_run
        else "Written."
        if report.written
        else "Nothing to change."
    )
    return 0


def cmd_export(args: argparse.Namespace, settings: KnowledgeSettings) -> int:
    out = Path(args.out) if args.out else settings.content_dir
    written, removed = KnowledgeBase(settings).export(out)
    for path in written:
        print(f"wrote {path}")
    for path in removed:
        print(f"removed {path} (its entries are no longer in the base)")
    return 0


def _edit(
    settings: KnowledgeSettings,
    args: argparse.Namespace,
    upserts: list[Entry],
    deletes: list[str],
    action: str,
) -> int:
    summary = KnowledgeBase(settings).edit(upserts, deletes, user=_user(args), action=action)
    _print_json(summary.to_json())
    return 0


def cmd_add(args: argparse.Namespace, settings: KnowledgeSettings) -> int:
    existing = existing_ids(_store(settings))
    entries = load_content(Path(args.file), known_ids=existing)
    clashes = [e.id for e in entries if e.id in existing]
    if clashes:
        return _fail(f"Nothing was written: id(s) already exist: {', '.join(clashes)} (use update)")
    return _edit(settings, args, entries, [], "create")


def _parse_assignment(text: str) -> tuple[str, Any]:
    if "=" not in text:
        raise ValueError(f"expected field=value, got {text!r}")
    field, raw = text.split("=", 1)
    if not raw.strip():
        return field.strip(), None
    try:
        value = yaml.safe_load(raw)
    except yaml.YAMLError:
        value = raw  # plain text that YAML cannot read, e.g. with a stray quote
    if isinstance(value, dict) and field.strip() != "pause":
        value = raw  # text with ": " in it, not a mapping
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
    return _edit(settings, args, [updated], [], "update")


def cmd_delete(args: argparse.Namespace, settings: KnowledgeSettings) -> int:
    if _store(settings).get(args.id) is None:
        return _fail(f"No entry with id {args.id!r}.")
    return _edit(settings, args, [], [args.id], "delete")


def cmd_history(args: argparse.Namespace, settings: KnowledgeSettings) -> int:
    for change in _store(settings).changes(limit=args.limit, entry_id=args.id):
        fields = ", ".join(change.diff) or "-"
        print(f"{change.at}  {change.user:20} {change.action:15} {change.entry_id:45} {fields}")
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
    programmes = [e for e in entries if isinstance(e, Programme)]
    state_coverage = {code: sum(1 for p in programmes if code in p.states) for code in STATES}
    case_sectors = Counter(e.sector for e in entries if isinstance(e, Case))
    day = today()
    usable = [p for p in programmes if current_status(p) is not Status.ENDED]
    sector_programmes = Counter(s for p in usable for s in p.sectors)
    project_kinds = Counter(k for p in usable for k in p.project_kinds)
    evidence = Counter(str(p.evidence_year or "none") for p in usable)
    stats = {
        "today": today().isoformat(),
        "entries": len(entries),
        "by_kind": dict(by_kind),
        "by_status": dict(sorted(by_status.items())),
        "federal_programmes": sum(1 for p in programmes if p.level != "state"),
        "state_programmes_per_state": state_coverage,
        "cases_per_sector": dict(sorted(case_sectors.items())),
        "usable_programmes_for_a_sector": dict(sorted(sector_programmes.items())),
        "usable_programmes_per_project_kind": dict(sorted(project_kinds.items())),
        "usable_programmes_by_newest_source_year": dict(sorted(evidence.items())),
        "usable_programmes_confirmed_this_year": sum(1 for p in usable if confirmed_for(p, day)),
        "with_source": sum(1 for e in entries if e.source_url),
        "content_hash": _store(settings).meta("content_hash"),
    }
    _print_json(stats)
    return 0


def cmd_search(args: argparse.Namespace, settings: KnowledgeSettings) -> int:
    search = KnowledgeBase(settings).open_search()
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m knowledge", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    commands.add_parser(
        "ensure", help="start-up step: seed an empty base, migrate or re-embed; never overwrites"
    )
    p = commands.add_parser("validate", help="check content files without writing anything")
    p.add_argument("path", nargs="?", default=str(load_settings().knowledge_content_dir))
    p = commands.add_parser(
        "import", help="import YAML, JSON or CSV: shows a per-field diff, refuses staff conflicts"
    )
    p.add_argument("path")
    p.add_argument("--sync", action="store_true", help="also remove entries not in PATH")
    p.add_argument("--force", action="store_true", help="overwrite staff edits (they are listed)")
    p.add_argument("--dry-run", action="store_true", help="show the diff, write nothing")
    p.add_argument("--json", action="store_true", help="the report as JSON")
    p.add_argument("--user", help="name for the audit log (default: your login)")
    p = commands.add_parser("export", help="write the base back as the YAML content files")
    p.add_argument("--out", help="folder (default: KNOWLEDGE_CONTENT_DIR, i.e. knowledge/content)")
    p = commands.add_parser("add", help="add new entries from a file")
    p.add_argument("file")
    p.add_argument("--user", help="name for the audit log (default: your login)")
    p = commands.add_parser("update", help="set fields of one entry: field=value …")
    p.add_argument("id")
    p.add_argument("assignments", nargs="+", metavar="field=value")
    p.add_argument("--user", help="name for the audit log (default: your login)")
    p = commands.add_parser("delete", help="delete one entry")
    p.add_argument("id")
    p.add_argument("--user", help="name for the audit log (default: your login)")
    p = commands.add_parser("history", help="the change log, newest first")
    p.add_argument("id", nargs="?")
    p.add_argument("--limit", type=int, default=50)
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
    "ensure": cmd_ensure,
    "validate": cmd_validate,
    "import": cmd_import,
    "export": cmd_export,
    "add": cmd_add,
    "update": cmd_update,
    "delete": cmd_delete,
    "history": cmd_history,
    "list": cmd_list,
    "show": cmd_show,
    "stats": cmd_stats,
    "search": cmd_search,
    "stale": cmd_stale,
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = KnowledgeSettings.from_settings(load_settings())
    try:
        return COMMANDS[args.command](args, settings)
    except ContentError as error:
        return _print_problems(error)
    except FileNotFoundError as error:
        return _fail(str(error))
    except KeyError as error:
        return _fail(f"Nothing was written: {error.args[0]}")
