"""The staff report groups entries by what needs attention on a given day."""

import json
from datetime import date

import pytest

from common.settings import PROJECT_ROOT
from knowledge.base import KnowledgeBase
from knowledge.cli import main as cli
from knowledge.content import entry_to_data, load_content
from knowledge.models import Entry, Faq
from knowledge.report import mentions_of_ended, stale_report
from knowledge.settings import KnowledgeSettings


def ids(lines: list) -> list[str]:
    return [line.id for line in lines]


def test_groups_change_with_the_day(settings: KnowledgeSettings) -> None:
    entries = load_content(settings.content_dir)
    november = stale_report(entries, date(2026, 11, 24), soon_days=90)
    assert ids(november["ending_soon"]) == ["zentrum-nord"]
    assert ids(november["ended"]) == ["alter-beratungsscheck"]
    january = stale_report(entries, date(2027, 1, 15), soon_days=90)
    assert sorted(ids(january["ended"])) == ["alter-beratungsscheck", "zentrum-nord"]
    assert january["ending_soon"] == []


def test_unchecked_entries_are_listed() -> None:
    faq = Faq.model_validate(
        {
            "id": "faq-alt",
            "question_de": "Alt?",
            "answer_de": "Ja.",
            "source_url": "https://example.org",
            "last_checked": "2026-01-01",
        }
    )
    report = stale_report([faq], date(2026, 11, 24), soon_days=90)
    assert ids(report["unchecked"]) == ["faq-alt"]
    assert stale_report([faq], date(2026, 3, 1), soon_days=90)["unchecked"] == []


def test_stale_command_prints_json_counts(
    base: KnowledgeBase,
    use_cli: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
) -> None:
    base.ensure()
    monkeypatch.setenv("FOERDERLOTSE_TODAY", "2026-11-24")
    assert cli(["stale", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["date"] == "2026-11-24"
    assert report["counts"]["ending_soon"] == 1
    assert report["groups"]["ended"][0]["id"] == "alter-beratungsscheck"


def test_usable_entries_without_a_source_for_this_year_are_flagged(
    settings: KnowledgeSettings,
) -> None:
    entries = {e.id: e for e in load_content(settings.content_dir)}

    def with_evidence(entry_id: str, year: int) -> Entry:
        data = {**entry_to_data(entries[entry_id]), "evidence": [
            {"url": "https://example.org/e", "year": year, "checked": "2026-11-01"}
        ]}  # fmt: skip
        return type(entries[entry_id]).model_validate(data)

    valid = [with_evidence("digitalbonus-test", 2026), with_evidence("forschung-bund", 2024)]
    others = [entries["alter-beratungsscheck"], entries["zentrum-nord"]]
    report = stale_report([*valid, *others], date(2026, 11, 24), 90)
    lines = {line.id: line.detail for line in report["unconfirmed"]}
    assert lines == {"forschung-bund": "newest source: 2024", "zentrum-nord": "no dated source"}
    next_year = stale_report(valid, date(2027, 1, 15), 90)
    assert {line.id for line in next_year["unconfirmed"]} == {"digitalbonus-test", "forschung-bund"}


def test_a_text_that_requires_an_ended_programme_without_saying_so_is_flagged(
    settings: KnowledgeSettings,
) -> None:
    entries = {e.id: e for e in load_content(settings.content_dir)}
    digitalbonus = entries["digitalbonus-test"]

    def requiring(text: str) -> Entry:
        data = {**entry_to_data(digitalbonus), "eligibility_de": text}
        return type(digitalbonus).model_validate(data)

    ended = entries["alter-beratungsscheck"]  # "Beratungsscheck Digital", ended 31.12.2024
    stale = requiring(
        "Die Beratung muss ein für den Beratungsscheck Digital autorisierter Berater machen."
    )
    told = requiring(
        "Berater mussten für den Beratungsscheck Digital autorisiert sein; er ist ausgelaufen."
    )
    report = stale_report([stale, ended], date(2026, 11, 24), 90)
    assert [(line.id, line.detail) for line in report["mentions_ended"]] == [
        ("digitalbonus-test", "eligibility_de names ended alter-beratungsscheck")
    ]
    assert stale_report([told, ended], date(2026, 11, 24), 90)["mentions_ended"] == []
    # before the programme ended, naming it is fine
    assert stale_report([stale, ended], date(2024, 6, 1), 90)["mentions_ended"] == []


def test_no_shipped_text_presents_an_ended_programme_as_current() -> None:
    entries = load_content(PROJECT_ROOT / "knowledge/content")
    assert mentions_of_ended(entries, date(2026, 12, 2), 90) == []


def test_a_rate_that_the_summary_ties_to_some_regions_is_flagged(
    settings: KnowledgeSettings,
) -> None:
    digitalbonus = {e.id: e for e in load_content(settings.content_dir)}["digitalbonus-test"]

    def with_summary(text: str) -> Entry:
        data = {**entry_to_data(digitalbonus), "rate_percent": 80, "summary_de": text}
        return type(digitalbonus).model_validate(data)

    regional = with_summary(
        "Zuschuss: 80 % (max. 2.800 €) in den ostdeutschen Ländern, sonst 50 %."
    )
    general = with_summary("Zuschuss: 80 % der Kosten, in strukturschwachen Regionen 90 %.")
    report = stale_report([regional, general], date(2026, 11, 24), 90)["regional_rate"]
    assert [line.detail for line in report] == [
        "rate only for: 80 % (max. 2.800 €) in den ostdeutschen Ländern"
    ]
