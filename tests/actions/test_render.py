"""A usable programme or centre that no source confirms for this year is never shown as current
without saying so; an ended one needs no such note."""

import pytest

from actions.render import failures_text, programme_card, reasons_text
from knowledge.advisor import Reason
from knowledge.eligibility import Failure
from knowledge.models import Programme
from knowledge.status import Status

PROGRAMME = {
    "id": "digitalbonus-test",
    "name": "Digitalbonus Testland",
    "funder": "Land",
    "level": "state",
    "states": ["BY"],
    "funding_type": "grant",
    "summary_de": "Zuschuss für Software.",
    "summary_en": "Grant for software.",
    "source_url": "https://example.org/digitalbonus",
    "last_checked": "2026-11-01",
}


def programme(*years: int) -> Programme:
    evidence = [{"url": "https://example.org/e", "year": y, "checked": "2026-11-01"} for y in years]
    return Programme.model_validate({**PROGRAMME, "evidence": evidence})


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOERDERLOTSE_TODAY", "2026-11-24")


def test_a_source_of_an_older_year_is_named() -> None:
    card = programme_card(programme(2023, 2024), Status.OPEN, "de")
    assert "Stand laut Quelle: 2024 – bitte vor dem Antrag beim Anbieter prüfen" in card
    english = programme_card(programme(2024), Status.ENDING_SOON, "en")
    assert "Source as of 2024" in english


def test_a_source_without_a_year_is_said_too() -> None:
    assert "nennt kein aktuelles Jahr" in programme_card(programme(), Status.OPEN, "de")


def test_a_source_for_this_year_needs_no_note() -> None:
    assert "Stand laut Quelle" not in programme_card(programme(2025, 2026), Status.OPEN, "de")


def test_the_year_follows_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOERDERLOTSE_TODAY", "2027-01-15")
    assert "Stand laut Quelle: 2026" in programme_card(programme(2026), Status.OPEN, "de")


def test_an_ended_programme_needs_no_freshness_note() -> None:
    assert "Stand laut Quelle" not in programme_card(programme(2023), Status.ENDED, "de")


def test_reasons_and_failures_are_worded_in_the_conversations_language() -> None:
    reasons = [
        Reason("topic", {"topic": "software"}),
        Reason("state", {"state": "BY"}),
        Reason("employees", {"limit": 49, "employees": 15}),
    ]
    assert reasons_text(reasons, "de") == [
        "fördert Software",
        "Programm für Bayern",
        "für Betriebe bis 49 Beschäftigte (Sie: 15)",
    ]
    assert reasons_text(reasons, "en")[1] == "programme of Bavaria"
    failures = [
        Failure("state", {"states": ["NW", "HH"], "state": "BY"}),
        Failure("employees", {"limit": 1000, "employees": 1200}),
        Failure("legal_form", {"legal_form": "freelancer"}),
    ]
    assert failures_text(failures, "de") == (
        "nur für Unternehmen in Nordrhein-Westfalen, Hamburg – Ihr Betrieb sitzt in Bayern; "
        "höchstens 1.000 Beschäftigte – Sie haben 1.200; Freiberufler sind ausgeschlossen"
    )
    assert failures_text(failures[1:2], "en") == "at most 1,000 employees – you have 1,200"
