"""A question about one programme gets a verdict with its reasons when the firm's facts are
known: which limits were checked."""

from actions.programmes import checked_facts
from knowledge.firm_facts import FirmFacts
from knowledge.models import Programme

BONUS = Programme.model_validate(
    {
        "id": "digitalbonus-test",
        "name": "Digitalbonus Testland",
        "funder": "Land",
        "level": "state",
        "states": ["BY"],
        "excluded_sectors": ["agriculture"],
        "max_employees": 49,
        "funding_type": "grant",
        "summary_de": "Zuschuss.",
        "source_url": "https://example.org/d",
        "last_checked": "2026-11-01",
    }
)


def test_the_checked_limits_are_named() -> None:
    facts = FirmFacts(state="BY", employees=12, sector="crafts")
    assert checked_facts(BONUS, facts, "de") == ["Bayern", "12 Beschäftigte", "Handwerk"]
    assert checked_facts(BONUS, facts, "en") == ["Bavaria", "12 employees", "crafts"]


def test_nothing_is_confirmed_without_a_checked_fact() -> None:
    assert checked_facts(BONUS, FirmFacts(topic="software"), "de") == []
    unlimited = BONUS.model_copy(
        update={"states": [], "max_employees": None, "excluded_sectors": []}
    )
    facts = FirmFacts(state="BY", employees=12, sector="crafts")
    assert checked_facts(unlimited, facts, "de") == []
