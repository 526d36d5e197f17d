"""Reading a firm's facts from what users type."""

import pytest

from knowledge.firm_facts import (
    normalise_code,
    read_employees,
    read_sector,
    read_state,
    read_topic,
)
from knowledge.vocabulary import STATES


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("Tischlerei bei Regensburg", "BY"),
        ("Metallbau in Dortmund", "NW"),
        ("Wir sitzen in NRW", "NW"),
        ("Firma in Sachsen-Anhalt", "ST"),
        ("Betrieb in Sachsen", "SN"),
        ("aus Niedersachsen", "NI"),
        ("we are based in Bavaria", "BY"),
        ("Ich komme aus Magdeburg.", "ST"),
        ("Frankfurt", "HE"),
        ("Wir liefern Essen aus", None),
        ("Gibt es Förderung?", None),
    ],
)
def test_state_from_names_cities_and_abbreviations(text: str, state: str | None) -> None:
    assert read_state(text) == state


@pytest.mark.parametrize(
    ("text", "bare", "count"),
    [
        ("mit 15 Mitarbeitern", False, 15),
        ("etwa 30 Leute", False, 30),
        ("1.200 Beschäftigte", False, 1200),
        ("we have 8 employees", False, 8),
        ("ein Ein-Mann-Betrieb", False, 1),
        ("25", True, 25),
        ("25", False, None),
        ("Gibt es 2026 noch Förderung?", False, None),
        ("wir sind zu acht", False, 8),
        ("80 Leit in der Firma", False, 80),
        ("30 Mann auf dem Bau", False, 30),
        ("60 drivers", False, 60),
        ("about a dozen of us", False, 12),
        ("Wir sind zu dritt im Betrieb", False, 3),
        ("zweiundsechzig Leute", False, 62),
        ("ein knappes Dutzend Mitarbeiter", False, 11),
        ("hundertzwanzig Beschäftigte", False, 120),
        ("dreihundertundzwanzig Mitarbeitende", False, 320),
        ("twenty-five employees", False, 25),
        ("we are eight people", False, 8),
        ("ein Team von zwölf", False, 12),
        ("ein 8-köpfiges Team", False, 8),
        ("zwölf", True, 12),
        ("Wir haben eine Software gekauft", True, None),
        ("Wir wollen eine Kasse für einen Laden", False, None),
    ],
)
def test_employees(text: str, bare: bool, count: int | None) -> None:
    assert read_employees(text, bare_number_allowed=bare) == count


def test_sector_and_topic_keywords() -> None:
    assert read_sector("Ich habe einen Elektrobetrieb") == "crafts"
    assert read_sector("Wir sind eine Spedition") == "logistics"
    assert read_sector("Gibt es ein Praxisbeispiel?") is None
    assert read_sector("Wir sind ein ambulanter Pflegedienst") == "care"
    assert read_sector("unser Seniorenheim") == "care"
    assert read_sector("Physiotherapiepraxis") == "health"
    assert read_sector("eine Apotheke") == "health"
    assert read_topic("eine Software für Auftragsabwicklung") == "software"
    assert read_topic("Onlineshop") == "ecommerce"
    assert read_topic("Sensoren im Stall") == "iot"


def test_entity_values_become_codes() -> None:
    assert normalise_code("BY", STATES) == "BY"
    assert normalise_code("Bavaria", STATES) == "BY"
    assert normalise_code("bayerischen", STATES) == "BY"
    assert normalise_code("Mars", STATES) is None
