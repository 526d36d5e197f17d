"""Validation names file, entry and field, and nothing partial ever passes."""

import json
from pathlib import Path

import pytest

from knowledge.content import ContentError, load_content
from knowledge.models import Programme
from tests.knowledge.conftest import FAQS, PROGRAMMES, write_content


def problems_of(path: Path, known_ids: set[str] | None = None) -> list[str]:
    with pytest.raises(ContentError) as error:
        load_content(path, known_ids)
    return [str(p) for p in error.value.problems]


def test_valid_content_loads_every_entry(content_dir: Path) -> None:
    entries = load_content(content_dir)
    assert sorted(e.id for e in entries) == [
        "alter-beratungsscheck", "digitalbonus-test", "faq-kmu", "forschung-bund", "zentrum-nord",
    ]  # fmt: skip
    assert {e.kind for e in entries} == {"programme", "centre", "faq"}


def test_broken_yaml_names_the_file(content_dir: Path) -> None:
    broken = content_dir / "faqs" / "broken.yaml"
    broken.write_text("- id: faq-x\n  question_de: [unclosed\n")
    problems = problems_of(content_dir)
    assert len(problems) == 1
    assert str(broken) in problems[0]
    assert "cannot be read" in problems[0]


def test_invalid_field_names_file_entry_and_field(tmp_path: Path) -> None:
    bad = dict(PROGRAMMES[0], rate_percent=150, states=["XX"])
    path = write_content(tmp_path, {"programmes/p.yaml": [bad]}) / "programmes" / "p.yaml"
    problems = problems_of(path)
    assert any(f"{path}: entry 'digitalbonus-test': rate_percent:" in p for p in problems)
    assert any("entry 'digitalbonus-test': states.0:" in p for p in problems)


def test_unknown_field_and_missing_source_are_reported(tmp_path: Path) -> None:
    bad = {k: v for k, v in FAQS[0].items() if k != "source_url"} | {"antwort": "x"}
    root = write_content(tmp_path, {"faqs/f.yaml": [bad]})
    problems = problems_of(root)
    assert any("source_url: Field required" in p for p in problems)
    assert any("antwort: Extra inputs are not permitted" in p for p in problems)


def test_duplicate_ids_and_unknown_references_are_reported(tmp_path: Path) -> None:
    dangling = dict(PROGRAMMES[2], successor="does-not-exist")
    root = write_content(tmp_path, {"programmes/a.yaml": [dangling], "faqs/b.yaml": FAQS * 2})
    problems = problems_of(root)
    assert any("successor: unknown id 'does-not-exist'" in p for p in problems)
    assert any("duplicate id" in p for p in problems)


def test_end_before_start_is_refused(tmp_path: Path) -> None:
    bad = dict(PROGRAMMES[0], valid_from="2028-01-01")
    problems = problems_of(write_content(tmp_path, {"programmes/p.yaml": [bad]}))
    assert any("valid_from must not be after valid_until" in p for p in problems)


def test_csv_and_json_import_with_lists_and_kind_column(tmp_path: Path) -> None:
    csv_file = tmp_path / "programmes.csv"
    csv_file.write_text(
        "id,name,funder,level,states,topics,funding_type,summary_de,source_url,last_checked,"
        "pause_from,pause_note_de\n"
        "csv-programm,CSV-Programm,Land,state,BY;BW,software;ai,grant,Ein Zuschuss.,"
        "https://example.org/csv,2026-11-01,2026-10-01,Budget erschöpft\n",
        encoding="utf-8",
    )
    json_file = tmp_path / "mixed.json"
    json_file.write_text(json.dumps([dict(FAQS[0], kind="faq")]), encoding="utf-8")
    [programme] = load_content(csv_file)
    assert isinstance(programme, Programme)
    assert programme.states == ["BY", "BW"]
    assert programme.topics == ["software", "ai"]
    assert programme.pause is not None and programme.pause.note_de == "Budget erschöpft"
    [faq] = load_content(json_file)
    assert faq.kind == "faq"


def test_entries_without_a_kind_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "unknown.yaml"
    path.write_text("- id: x\n")
    assert any("unknown kind" in p for p in problems_of(path))


CASE = {
    "id": "case-test",
    "title_de": "Betrieb digitalisiert",
    "firm": "Testbetrieb",
    "sector": "logistics",
    "problem_de": "Papier.",
    "solution_de": "Software.",
    "result_de": "Weniger Papier.",
    "source_url": "https://example.org/case",
    "last_checked": "2026-12-02",
}


def test_a_case_firm_with_250_or_more_employees_is_refused_as_no_sme(tmp_path: Path) -> None:
    root = write_content(tmp_path, {"cases/c.yaml": [dict(CASE, employees=300)]})
    assert any("a firm with 300 employees is no SME" in p for p in problems_of(root))


def test_a_case_size_must_fit_its_head_count(tmp_path: Path) -> None:
    root = write_content(tmp_path, {"cases/c.yaml": [dict(CASE, employees=60, size="small")]})
    assert any("size 'small' does not fit 60 employees" in p for p in problems_of(root))
    [case] = load_content(
        write_content(tmp_path / "ok", {"cases/c.yaml": [dict(CASE, employees=249, size="medium")]})
    )
    assert case.id == "case-test"
