"""Facts of the shipped content that an independent check found wrong once (#18): each test
would have caught its error."""

from datetime import date

import pytest

from common.settings import PROJECT_ROOT
from knowledge.content import load_content
from knowledge.eligibility import eligibility_failures
from knowledge.firm_facts import FirmFacts
from knowledge.models import Case, Centre, Entry, Faq, Programme
from knowledge.report import regional_rate
from knowledge.vocabulary import STATES, label

TODAY = date(2026, 12, 2)


@pytest.fixture(scope="module")
def shipped() -> dict[str, Entry]:
    return {e.id: e for e in load_content(PROJECT_ROOT / "knowledge/content")}


def programme(shipped: dict[str, Entry], entry_id: str) -> Programme:
    entry = shipped[entry_id]
    assert isinstance(entry, Programme)
    return entry


def test_kmu_innovativ_size_limit_depends_on_the_technology_field(
    shipped: dict[str, Entry],
) -> None:
    kmu_innovativ = programme(shipped, "kmu-innovativ")
    # a mid-sized firm of 400 is not turned away: some fields admit it
    assert eligibility_failures(kmu_innovativ, FirmFacts(employees=400)) == []
    assert "Technologiefeld" in (kmu_innovativ.eligibility_de or "")
    assert "1.000 Beschäftigte" in (kmu_innovativ.eligibility_de or "")


def test_no_programme_shows_a_rate_that_applies_only_in_some_regions(
    shipped: dict[str, Entry],
) -> None:
    regional = {e.id: regional_rate(e) for e in shipped.values() if isinstance(e, Programme)}
    assert {k: v for k, v in regional.items() if v} == {}
    zim = programme(shipped, "zim")
    assert zim.rate_percent is None and "strukturschwachen Regionen" in zim.summary_de
    bafa = programme(shipped, "bafa-unternehmensberatung")
    assert (bafa.rate_percent, bafa.max_amount_eur) == (50, 1750)


def test_every_case_firm_is_an_sme(shipped: dict[str, Entry]) -> None:
    cases = [e for e in shipped.values() if isinstance(e, Case)]
    assert cases and all(c.employees is None or c.employees < 250 for c in cases)


def test_schleswig_holstein_says_that_go_digital_ended(shipped: dict[str, Entry]) -> None:
    dku = programme(shipped, "sh-dku-digitalisierung-kleine-unternehmen")
    assert "go-digital ist am 31.12.2024 ausgelaufen" in (dku.eligibility_de or "")
    assert "go-digital ended on 31 Dec 2024" in (dku.eligibility_en or "")


def test_every_seed_sector_has_six_cases(shipped: dict[str, Entry]) -> None:
    sectors = [e.sector for e in shipped.values() if isinstance(e, Case)]
    for sector in ("care", "health", "logistics", "agriculture", "crafts"):
        assert sectors.count(sector) >= 6, sector


def test_every_state_has_a_regional_mittelstand_digital_centre_or_a_note_on_who_serves_it(
    shipped: dict[str, Entry],
) -> None:
    regional = {
        state
        for e in shipped.values()
        if isinstance(e, Centre) and e.centre_type == "regional" and "Mittelstand-Digital" in e.name
        for state in e.states
    }
    notes = " ".join(
        e.answer_de
        for e in shipped.values()
        if isinstance(e, Faq) and "Mittelstand-Digital" in e.answer_de
    )
    for code in STATES:
        assert code in regional or label(STATES, code, "de") in notes, code
