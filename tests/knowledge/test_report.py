"""The staff report groups entries by what needs attention on a given day."""

import json
from datetime import date

import pytest

from knowledge.base import KnowledgeBase
from knowledge.cli import main as cli
from knowledge.content import load_content
from knowledge.models import Faq
from knowledge.report import stale_report
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
