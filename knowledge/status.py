"""The one place that decides whether an entry is upcoming, open, ending soon, paused or ended.

Status follows from an entry's dates and the day asked about; it is never stored. The day is
today unless FOERDERLOTSE_TODAY=YYYY-MM-DD sets another one (for tests and demos).
"""

from datetime import date, timedelta
from enum import StrEnum

from common.settings import load_settings
from knowledge.models import Entry


class Status(StrEnum):
    UPCOMING = "upcoming"
    OPEN = "open"
    ENDING_SOON = "ending_soon"
    PAUSED = "paused"
    ENDED = "ended"

    @property
    def is_available(self) -> bool:
        """Whether users can make use of the entry now (open or ending soon)."""
        return self in (Status.OPEN, Status.ENDING_SOON)


def today() -> date:
    """Today's date, or the date in FOERDERLOTSE_TODAY."""
    return load_settings().foerderlotse_today or date.today()


def ending_soon_days() -> int:
    """FOERDERLOTSE_ENDING_SOON_DAYS (default 90)."""
    return load_settings().foerderlotse_ending_soon_days


def status_on(entry: Entry, day: date, soon_days: int | None = None) -> Status:
    """The status of `entry` on `day`; "ending soon" within `soon_days` (default: the setting)."""
    soon_days = ending_soon_days() if soon_days is None else soon_days
    if entry.valid_from and day < entry.valid_from:
        return Status.UPCOMING
    if entry.valid_until and day > entry.valid_until:
        return Status.ENDED
    pause = entry.pause
    if pause and pause.start <= day and (pause.until is None or day <= pause.until):
        return Status.PAUSED
    if entry.valid_until and entry.valid_until - day <= timedelta(days=soon_days):
        return Status.ENDING_SOON
    return Status.OPEN


def current_status(entry: Entry) -> Status:
    """The status of `entry` today (as configured)."""
    return status_on(entry, today(), ending_soon_days())


def confirmed_for(entry: Entry, day: date) -> bool:
    """Whether a dated source confirms the entry for `day`'s year (see `Entry.evidence`). An
    entry that is not confirmed is never presented as current without saying so."""
    return entry.evidence_year is not None and entry.evidence_year >= day.year
