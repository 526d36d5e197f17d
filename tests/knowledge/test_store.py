"""Writes are all-or-nothing, keep a backup, and re-importing the same content changes nothing."""

from pathlib import Path

import pytest

from knowledge.cli import main as cli
from knowledge.content import load_content
from knowledge.settings import KnowledgeSettings
from knowledge.store import KnowledgeStore


def use(settings: KnowledgeSettings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KNOWLEDGE_DB", str(settings.db_path))
    monkeypatch.setenv("KNOWLEDGE_INDEX_DIR", str(settings.index_dir))
    monkeypatch.setenv("KNOWLEDGE_CONTENT_DIR", str(settings.content_dir))


def test_import_round_trips_every_field(settings: KnowledgeSettings) -> None:
    entries = load_content(settings.content_dir)
    store = KnowledgeStore(settings.db_path)
    summary = store.replace_all(entries)
    assert sorted(summary.added) == sorted(e.id for e in entries)
    assert {e.id: e for e in store.entries()} == {e.id: e for e in entries}


def test_reimporting_the_same_content_changes_nothing(settings: KnowledgeSettings) -> None:
    store = KnowledgeStore(settings.db_path)
    entries = load_content(settings.content_dir)
    store.replace_all(entries)
    before = settings.db_path.read_bytes()
    summary = store.replace_all(load_content(settings.content_dir))
    assert not summary.has_changes
    assert summary.unchanged == len(entries)
    assert settings.db_path.read_bytes() == before
    assert not store.backup_path.exists()


def test_a_change_keeps_the_previous_database_as_backup(settings: KnowledgeSettings) -> None:
    store = KnowledgeStore(settings.db_path)
    entries = load_content(settings.content_dir)
    store.replace_all(entries)
    changed = entries[0].model_copy(update={"aliases": ["Neu"]})
    summary = store.apply([changed], deletes=["faq-kmu"])
    assert summary.changed == [changed.id]
    assert summary.removed == ["faq-kmu"]
    assert store.get("faq-kmu") is None
    assert KnowledgeStore(store.backup_path).get("faq-kmu") is not None


def test_failed_cli_import_leaves_the_database_exactly_as_it_was(
    settings: KnowledgeSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use(settings, monkeypatch)
    KnowledgeStore(settings.db_path).replace_all(load_content(settings.content_dir))
    before = settings.db_path.read_bytes()
    bad = tmp_path / "new" / "programmes"
    bad.mkdir(parents=True)
    (bad / "good.yaml").write_text(
        "- id: neu\n  name: Neu\n  funder: X\n  level: federal\n  funding_type: grant\n"
        "  summary_de: Neu.\n  source_url: https://example.org/neu\n  last_checked: 2026-11-01\n"
    )
    (bad / "bad.yaml").write_text("- id: kaputt\n  name: [\n")
    assert cli(["import", str(tmp_path / "new")]) == 1
    assert settings.db_path.read_bytes() == before
    assert KnowledgeStore(settings.db_path).get("neu") is None


def test_cli_update_validates_before_writing(
    settings: KnowledgeSettings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    use(settings, monkeypatch)
    KnowledgeStore(settings.db_path).replace_all(load_content(settings.content_dir))
    assert cli(["update", "digitalbonus-test", "max_amount_eur=-5"]) == 1
    assert "max_amount_eur" in capsys.readouterr().err
    assert KnowledgeStore(settings.db_path).get("digitalbonus-test").max_amount_eur == 7500
    assert cli(["update", "digitalbonus-test", "max_amount_eur=9000"]) == 0
    assert KnowledgeStore(settings.db_path).get("digitalbonus-test").max_amount_eur == 9000


def test_cli_delete_and_add(
    settings: KnowledgeSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use(settings, monkeypatch)
    KnowledgeStore(settings.db_path).replace_all(load_content(settings.content_dir))
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
    assert KnowledgeStore(settings.db_path).get("faq-neu") is not None


def test_export_then_import_is_a_no_op(
    settings: KnowledgeSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use(settings, monkeypatch)
    store = KnowledgeStore(settings.db_path)
    store.replace_all(load_content(settings.content_dir))
    for fmt in ("yaml", "json", "csv"):
        out = tmp_path / f"export-{fmt}"
        assert cli(["export", "--out", str(out), "--format", fmt]) == 0
        assert not store.replace_all(load_content(out)).has_changes


def test_text_that_looks_like_a_number_stays_text(settings: KnowledgeSettings) -> None:
    store = KnowledgeStore(settings.db_path)
    entries = load_content(settings.content_dir)
    centre = next(e for e in entries if e.id == "zentrum-nord")
    store.replace_all(
        [*entries[:0], centre.model_copy(update={"city": "2024", "summary_en": "42"})]
    )
    [loaded] = store.entries()
    assert (loaded.city, loaded.summary_en) == ("2024", "42")
