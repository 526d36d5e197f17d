"""Status follows from dates and the day asked about, never from a stored flag."""

from datetime import date

import pytest

from knowledge.models import Centre, Programme
from knowledge.status import Status, status_on, today


def centre(**dates: object) -> Centre:
    return Centre.model_validate(
        {
            "id": "zentrum",
            "name": "Zentrum",
            "centre_type": "regional",
            "summary_de": "Ein Zentrum.",
            "source_url": "https://example.org",
            "last_checked": "2026-11-01",
            **dates,
        }
    )


def test_centre_ending_at_year_end_is_ending_soon_then_ended() -> None:
    entry = centre(valid_from="2021-06-01", valid_until="2026-12-31")
    assert status_on(entry, date(2026, 11, 24)) is Status.ENDING_SOON
    assert status_on(entry, date(2026, 12, 31)) is Status.ENDING_SOON
    assert status_on(entry, date(2027, 1, 15)) is Status.ENDED
    assert status_on(entry, date(2026, 6, 1)) is Status.OPEN


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 12, 31), Status.UPCOMING),
        (date(2027, 1, 1), Status.OPEN),
        (date(2027, 3, 1), Status.PAUSED),
        (date(2027, 5, 1), Status.OPEN),
        (date(2030, 10, 15), Status.ENDING_SOON),
        (date(2031, 1, 1), Status.ENDED),
    ],
)
def test_upcoming_open_paused_ending_soon_ended(day: date, expected: Status) -> None:
    entry = centre(
        valid_from="2027-01-01",
        valid_until="2030-12-31",
        pause={"from": "2027-02-01", "until": "2027-03-31", "note_de": "Budget erschöpft"},
    )
    assert status_on(entry, day) is expected


def test_open_ended_pause_lasts_until_lifted() -> None:
    entry = centre(pause={"from": "2026-01-01"})
    assert status_on(entry, date(2025, 12, 31)) is Status.OPEN
    assert status_on(entry, date(2029, 1, 1)) is Status.PAUSED


def test_ending_soon_window_is_configurable() -> None:
    entry = centre(valid_until="2027-06-30")
    assert status_on(entry, date(2026, 11, 24), soon_days=90) is Status.OPEN
    assert status_on(entry, date(2026, 11, 24), soon_days=365) is Status.ENDING_SOON


def test_entry_without_dates_is_open() -> None:
    programme = Programme.model_validate(
        {
            "id": "p",
            "name": "P",
            "funder": "F",
            "level": "federal",
            "funding_type": "grant",
            "summary_de": "S",
            "source_url": "https://example.org",
            "last_checked": "2026-11-01",
        }
    )
    assert status_on(programme, date(2026, 11, 24)) is Status.OPEN


def test_today_can_be_set_for_tests_and_demos(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOERDERLOTSE_TODAY", "2027-01-15")
    assert today() == date(2027, 1, 15)
    monkeypatch.delenv("FOERDERLOTSE_TODAY")
    assert today() == date.today()
