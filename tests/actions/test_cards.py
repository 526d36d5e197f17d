"""Result cards: each programme, centre or case becomes structured data with a short text
fallback, and a card says each thing once (the issue's doubled "period ends" note)."""

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.cards import (
    case_card,
    centre_card,
    programme_card,
    send_card,
    status_line,
    without_repeats,
)
from knowledge.models import Case, Centre, Programme
from knowledge.status import Status

PROGRAMME: dict[str, Any] = {
    "id": "digitalbonus-test",
    "name": "Digitalbonus Testland",
    "funder": "Land Testland",
    "level": "state",
    "states": ["BY"],
    "funding_type": "grant",
    "rate_percent": 50,
    "max_amount_eur": 10000,
    "valid_until": "2026-12-31",
    "summary_de": "Zuschuss für Software. Gefördert werden Hardware und Beratung.",
    "summary_en": "Grant for software.",
    "how_to_apply_de": "Online-Antrag beim Land.",
    "source_url": "https://example.org/digitalbonus",
    "last_checked": "2026-11-01",
    "evidence": [{"url": "https://example.org/e", "year": 2024, "checked": "2026-11-01"}],
}
CENTRE: dict[str, Any] = {
    "id": "zentrum-test",
    "name": "Mittelstand-Digital Zentrum Test",
    "centre_type": "regional",
    "city": "Regensburg",
    "states": ["BY"],
    "summary_de": "Hilft KMU bei der Digitalisierung.",
    "offers_de": "Workshops, Sprechstunden.",
    "website": "https://zentrum.example.org",
    "valid_until": "2026-12-31",
    "successor_note_de": "Die laufende Förderperiode der Mittelstand-Digital Zentren endet nach "
    "Presseberichten Ende 2026. Für 2027–2030 hat das BMWE ein neues Netzwerk ausgeschrieben.",
    "source_url": "https://example.org/zentrum",
    "last_checked": "2026-11-01",
    "evidence": [{"url": "https://example.org/z", "year": 2026, "checked": "2026-11-01"}],
}
CASE: dict[str, Any] = {
    "id": "fall-test",
    "title_de": "Digitale Auftragsmappe",
    "firm": "Elektro Muster GmbH",
    "sector": "crafts",
    "state": "BY",
    "problem_de": "Zettelwirtschaft.",
    "solution_de": "Eine App.",
    "result_de": "Zwei Stunden weniger Büro pro Woche.",
    "source_url": "https://example.org/fall",
    "last_checked": "2026-11-01",
}


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOERDERLOTSE_TODAY", "2026-12-01")


def test_a_programme_card_carries_terms_status_with_date_freshness_and_reasons() -> None:
    programme = Programme.model_validate(PROGRAMME)
    card = programme_card(programme, Status.ENDING_SOON, "de", ["fördert Software"]).to_json()
    assert card["kind"] == "programme"
    assert card["id"] == "digitalbonus-test"
    assert (card["funding_kind"], card["rate"], card["maximum"]) == (
        "Zuschuss",
        "50 %",
        "bis 10.000 €",
    )
    assert card["status"] == {
        "code": "ending_soon",
        "label": "Läuft nur noch bis 31.12.2026",
        "date": "2026-12-31",
    }
    assert card["freshness"].startswith("ℹ️ Stand laut Quelle: 2024")
    assert card["fits"] == ["fördert Software"]
    assert card["summary"] == "Zuschuss für Software."
    labels = [detail["label"] for detail in card["details"]]
    assert labels == ["Mehr dazu", "Nur für Betriebe in", "Antrag"]
    assert card["details"][0]["text"] == "Gefördert werden Hardware und Beratung."  # not again
    assert card["source_url"] == card["apply_url"] == "https://example.org/digitalbonus"
    assert card["source_checked"] == "2026-11-01"


def test_an_ending_centre_card_names_the_end_once() -> None:
    centre = Centre.model_validate(CENTRE)
    card = centre_card(centre, Status.ENDING_SOON, "de")
    everything = " ".join([card.status.label, card.summary or ""] + [d.text for d in card.details])
    assert card.status.label == "Förderperiode endet am 31.12.2026"
    assert "Ende 2026" not in everything  # the successor note's restatement is left out
    assert "Für 2027–2030 hat das BMWE" in everything  # what follows is kept
    assert card.apply_url == "https://zentrum.example.org"
    assert card.funding_kind == "Kostenfrei für KMU"
    assert card.freshness is None  # a 2026 source confirms it


def test_without_repeats_keeps_notes_that_do_not_restate_the_end() -> None:
    centre = Centre.model_validate({**CENTRE, "valid_until": "2027-06-30"})
    note = CENTRE["successor_note_de"]
    assert without_repeats(note, centre) == note
    assert without_repeats(None, centre) is None


def test_a_case_card_shows_the_result_and_keeps_problem_and_solution_for_details() -> None:
    card = case_card(Case.model_validate(CASE), Status.OPEN, "de")
    assert card.kind == "case"
    assert card.summary == "Ergebnis: Zwei Stunden weniger Büro pro Woche."
    assert [d.label for d in card.details] == ["Ausgangslage", "Lösung"]
    assert card.subtitle == "Elektro Muster GmbH, Handwerk, Bayern"


def test_a_card_is_sent_as_custom_payload_with_a_short_text_fallback() -> None:
    dispatcher = CollectingDispatcher()
    programme = Programme.model_validate(PROGRAMME)
    send_card(dispatcher, programme_card(programme, Status.OPEN, "en"))
    [message] = dispatcher.messages
    custom = message["custom"]
    assert custom["card"]["title"] == "Digitalbonus Testland"
    assert custom["card"]["language"] == "en"
    fallback = custom["text"]
    assert fallback.splitlines()[0] == "**Digitalbonus Testland** (Land Testland)"
    assert "Grant · 50 % · up to €10,000" in fallback
    assert fallback.endswith("Source: https://example.org/digitalbonus")
    assert len(fallback) < 300  # compact, unlike the old multi-paragraph card


def test_a_status_line_names_the_end_once_and_what_follows() -> None:
    centre = Centre.model_validate(CENTRE)
    line = status_line(centre, Status.ENDING_SOON, "de")
    assert line == (
        "⏳ Förderperiode endet am 31.12.2026. "
        "Für 2027–2030 hat das BMWE ein neues Netzwerk ausgeschrieben."
    )
    assert status_line(centre, Status.OPEN, "de") is None
