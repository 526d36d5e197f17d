"""The database is the one source of truth: start-up never overwrites staff edits, imports show
their diff and refuse to overwrite edits, export -> import is a no-op, a crashed write leaves the
old base, and an old schema is migrated with its edits."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from knowledge.base import ImportConflict, KnowledgeBase
from knowledge.cli import main as cli
from knowledge.content import load_content
from knowledge.models import Programme
from knowledge.settings import KnowledgeSettings
from knowledge.store import KnowledgeStore


def raise_amount(base: KnowledgeBase, amount: int, user: str = "anna") -> None:
    entry = base.store.get("digitalbonus-test")
    assert isinstance(entry, Programme)
    base.edit([entry.model_copy(update={"max_amount_eur": amount})], [], user, "update")


def amount(base: KnowledgeBase) -> int | None:
    entry = base.store.get("digitalbonus-test")
    assert isinstance(entry, Programme)
    return entry.max_amount_eur


def test_seeding_imports_every_field_with_vectors(base: KnowledgeBase) -> None:
    report = base.ensure()
    entries = load_content(base.settings.content_dir)
    assert (report.action, report.entries, report.differs_from_files) == ("seeded", 5, 0)
    assert {e.id: e for e in base.store.entries()} == {e.id: e for e in entries}
    assert base.store.schema_version() == 2
    assert len(base.store.snapshot().ids) == 5


def test_start_up_twice_keeps_a_staff_edit(base: KnowledgeBase) -> None:
    base.ensure()
    raise_amount(base, 9000)
    for _ in range(2):
        report = base.ensure()
        assert (report.action, report.differs_from_files) == ("ready", 1)
        assert amount(base) == 9000


def test_import_after_a_staff_edit_reports_the_conflict_and_writes_nothing(
    base: KnowledgeBase,
) -> None:
    base.ensure()
    raise_amount(base, 9000)
    before = base.settings.db_path.read_bytes()
    with pytest.raises(ImportConflict) as refused:
        base.import_files(base.settings.content_dir, "bob", sync=True, force=False)
    [conflict] = refused.value.report.conflicts
    assert conflict.id == "digitalbonus-test"
    assert conflict.fields == {"max_amount_eur": [9000, 7500]}
    assert "changed by staff" in (conflict.conflict or "")
    assert base.settings.db_path.read_bytes() == before
    forced = base.import_files(base.settings.content_dir, "bob", sync=True, force=True)
    assert forced.forced and [d.id for d in forced.conflicts] == ["digitalbonus-test"]
    assert amount(base) == 7500
    [change] = base.store.changes(limit=1)
    assert (change.user, change.action, change.entry_id) == ("bob", "import-changed", conflict.id)


def test_a_staff_deletion_is_not_undone_by_an_import(base: KnowledgeBase) -> None:
    base.ensure()
    base.edit([], ["faq-kmu"], "anna", "delete")
    with pytest.raises(ImportConflict) as refused:
        base.import_files(base.settings.content_dir, "bob", sync=False, force=False)
    assert "deleted by staff" in (refused.value.report.conflicts[0].conflict or "")
    assert base.ensure().differs_from_files == 1
    assert base.store.get("faq-kmu") is None


def test_an_import_of_new_files_adds_and_shows_a_field_diff(
    base: KnowledgeBase, tmp_path: Path
) -> None:
    base.ensure()
    changed = tmp_path / "incoming" / "programmes" / "programmes.yaml"
    changed.parent.mkdir(parents=True)
    text = (base.settings.content_dir / "programmes" / "programmes.yaml").read_text()
    changed.write_text(text.replace("max_amount_eur: 7500", "max_amount_eur: 8000"))
    preview = base.import_files(changed.parent.parent, "bob", sync=False, force=False, dry_run=True)
    assert [(d.id, d.fields) for d in preview.diffs] == [
        ("digitalbonus-test", {"max_amount_eur": [7500, 8000]})
    ]
    assert amount(base) == 7500  # dry run
    report = base.import_files(changed.parent.parent, "bob", sync=False, force=False)
    assert report.written and amount(base) == 8000
    raise_amount(base, 8500)  # a staff edit after this import is again protected
    with pytest.raises(ImportConflict):
        base.import_files(base.settings.content_dir, "bob", sync=False, force=False)


def test_export_then_import_is_a_no_op_and_an_edit_is_a_one_line_diff(
    base: KnowledgeBase, tmp_path: Path
) -> None:
    base.ensure()
    out = tmp_path / "export"
    written, _ = base.export(out)
    assert sorted(p.relative_to(out).as_posix() for p in written) == [
        "centres/centres.yaml",
        "faqs/faqs.yaml",
        "programmes/programmes.yaml",
    ]
    before = base.settings.db_path.read_bytes()
    report = base.import_files(out, "bob", sync=True, force=False)
    assert (report.diffs, report.written) == ([], False)
    assert base.settings.db_path.read_bytes() == before
    first = (out / "programmes" / "programmes.yaml").read_text().splitlines()
    raise_amount(base, 9000)
    base.export(out)
    second = (out / "programmes" / "programmes.yaml").read_text().splitlines()
    changed = [(a, b) for a, b in zip(first, second, strict=True) if a != b]
    assert changed == [("  max_amount_eur: 7500", "  max_amount_eur: 9000")]
    assert not base.import_files(out, "bob", sync=True, force=False).conflicts


def test_staff_entries_are_exported_and_then_count_as_imported(
    base: KnowledgeBase, tmp_path: Path
) -> None:
    base.ensure()
    faq = base.store.get("faq-kmu")
    assert faq is not None
    base.edit([faq.model_copy(update={"id": "faq-neu"})], [], "anna", "create")
    out = tmp_path / "export"
    base.export(out)
    assert "id: faq-neu" in (out / "faqs" / "added.yaml").read_text()
    report = base.import_files(out, "bob", sync=True, force=False)
    assert report.diffs == [] and not report.conflicts


def test_a_failing_write_leaves_the_old_base(
    base: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    base.ensure()
    before = base.settings.db_path.read_bytes()

    def broken_swap(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("knowledge.store.os.replace", broken_swap)
    with pytest.raises(OSError, match="disk full"):
        raise_amount(base, 9000)
    assert base.settings.db_path.read_bytes() == before
    assert not list(base.settings.db_path.parent.glob("*.new"))


KILLED_WRITER = """
import sys, time
from pathlib import Path
import knowledge.store
from knowledge.base import KnowledgeBase
from knowledge.settings import KnowledgeSettings

def stall(path):  # the new file is complete; stop before it is swapped in
    print("stalled", flush=True)
    time.sleep(60)

knowledge.store._fsync = stall
settings = KnowledgeSettings(db_path=Path(sys.argv[1]), content_dir=Path(sys.argv[2]))
base = KnowledgeBase(settings)
base.edit([], ["faq-kmu"], "anna", "delete")
"""


def test_a_writer_killed_in_the_middle_leaves_the_old_base(base: KnowledgeBase) -> None:
    base.ensure()
    before = base.settings.db_path.read_bytes()
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            KILLED_WRITER,
            str(base.settings.db_path),
            str(base.settings.content_dir),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "stalled"
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    assert base.settings.db_path.read_bytes() == before
    assert base.store.get("faq-kmu") is not None
    raise_amount(base, 9000)  # the next writer gets the lock and cleans up
    assert amount(base) == 9000
    assert not list(base.settings.db_path.parent.glob("*.new"))


def make_version_1(path: Path) -> None:
    """Turn a current base file into what version 1 wrote: no import state, vectors or change
    log, no schema version."""
    with sqlite3.connect(path) as db:
        for table in ("entry_state", "vectors", "changes"):
            db.execute(f"DROP TABLE {table}")
        db.execute("DELETE FROM meta WHERE key = 'schema_version'")
    time.sleep(0.01)


def test_migration_from_version_1_keeps_staff_edits(base: KnowledgeBase) -> None:
    base.ensure()
    raise_amount(base, 9000)
    make_version_1(base.settings.db_path)
    assert base.store.schema_version() == 1
    report = base.ensure()
    assert (report.action, report.entries, report.differs_from_files) == ("migrated", 5, 1)
    assert base.store.schema_version() == 2
    assert amount(base) == 9000
    with pytest.raises(ImportConflict) as refused:
        base.import_files(base.settings.content_dir, "bob", sync=True, force=False)
    assert [d.id for d in refused.value.report.conflicts] == ["digitalbonus-test"]
    assert len(base.open_search().search("Digitalzentrum Nord", limit=1)) == 1


def test_failed_cli_import_leaves_the_database_exactly_as_it_was(
    base: KnowledgeBase, use_cli: None, tmp_path: Path
) -> None:
    base.ensure()
    before = base.settings.db_path.read_bytes()
    bad = tmp_path / "new" / "programmes"
    bad.mkdir(parents=True)
    (bad / "good.yaml").write_text(
        "- id: neu\n  name: Neu\n  funder: X\n  level: federal\n  funding_type: grant\n"
        "  summary_de: Neu.\n  source_url: https://example.org/neu\n  last_checked: 2026-11-01\n"
    )
    (bad / "bad.yaml").write_text("- id: kaputt\n  name: [\n")
    assert cli(["import", str(tmp_path / "new")]) == 1
    assert base.settings.db_path.read_bytes() == before


def test_cli_import_conflict_exits_2_and_names_the_entry(
    base: KnowledgeBase, use_cli: None, capsys: pytest.CaptureFixture
) -> None:
    base.ensure()
    assert cli(["update", "digitalbonus-test", "max_amount_eur=9000", "--user", "anna"]) == 0
    assert cli(["import", str(base.settings.content_dir)]) == 2
    captured = capsys.readouterr()
    assert "digitalbonus-test   CONFLICT: changed by staff" in captured.out
    assert "max_amount_eur: 9000 -> 7500" in captured.out
    assert "Nothing was written" in captured.err
    assert [c.user for c in base.store.changes(limit=1)] == ["cli:anna"]


def test_cli_update_validates_before_writing(
    base: KnowledgeBase, use_cli: None, capsys: pytest.CaptureFixture
) -> None:
    base.ensure()
    assert cli(["update", "digitalbonus-test", "max_amount_eur=-5"]) == 1
    assert "max_amount_eur" in capsys.readouterr().err
    assert amount(base) == 7500
    assert cli(["update", "digitalbonus-test", "max_amount_eur=9000"]) == 0
    assert amount(base) == 9000


def test_cli_delete_and_add(base: KnowledgeBase, use_cli: None, tmp_path: Path) -> None:
    base.ensure()
    assert cli(["delete", "nicht-da"]) == 1
    assert cli(["delete", "faq-kmu"]) == 0
    new = tmp_path / "faqs" / "new.yaml"
    new.parent.mkdir()
    new.write_text(
        "- id: faq-neu\n  question_de: Neu?\n  answer_de: Ja.\n"
        "  source_url: https://example.org/n\n  last_checked: 2026-11-01\n"
    )
    assert cli(["add", str(new)]) == 0
    assert cli(["add", str(new)]) == 1
    assert base.store.get("faq-neu") is not None


def test_text_that_looks_like_a_number_stays_text(base: KnowledgeBase) -> None:
    base.ensure()
    centre = base.store.get("zentrum-nord")
    assert centre is not None
    base.edit([centre.model_copy(update={"city": "2024", "summary_en": "42"})], [], "a", "update")
    loaded = KnowledgeStore(base.settings.db_path).get("zentrum-nord")
    assert (loaded.city, loaded.summary_en) == ("2024", "42")  # type: ignore[union-attr]


def test_the_shipped_content_is_in_export_format(
    shipped_settings: KnowledgeSettings, embedder: object, tmp_path: Path
) -> None:
    """`python -m knowledge export` on a freshly seeded base reproduces knowledge/content byte
    for byte, so a staff export shows only what staff changed."""
    base = KnowledgeBase(shipped_settings, embedder)  # type: ignore[arg-type]
    written, _ = base.export(tmp_path)
    for path in written:
        relative = path.relative_to(tmp_path)
        assert path.read_text() == (shipped_settings.content_dir / relative).read_text(), relative
