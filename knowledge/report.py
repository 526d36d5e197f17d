"""The staff report on dated knowledge: what has ended, ends soon, is paused or is unchecked."""

from dataclasses import dataclass
from datetime import date, timedelta

from knowledge.models import Entry
from knowledge.status import Status, confirmed_for, status_on

UNCHECKED_AFTER_DAYS = 180


@dataclass(frozen=True)
class ReportLine:
    id: str
    kind: str
    title: str
    detail: str


GROUPS = {
    "ended": "past their end date",
    "ending_soon": "ending soon",
    "paused": "paused",
    "upcoming": "not started yet",
    "unchecked": f"last checked more than {UNCHECKED_AFTER_DAYS} days ago",
    "no_source": "without a source",
    "unconfirmed": "usable, but no source confirms it for this year",
}
CHECKED_FOR_YEAR = ("programme", "centre")


def stale_report(entries: list[Entry], day: date, soon_days: int) -> dict[str, list[ReportLine]]:
    """Entries grouped by what needs a look from staff on `day`."""
    report: dict[str, list[ReportLine]] = {group: [] for group in GROUPS}
    for entry in entries:
        status = status_on(entry, day, soon_days)

        def add(group: str, detail: str, entry: Entry = entry) -> None:
            report[group].append(ReportLine(entry.id, entry.kind, entry.title, detail))

        if status is Status.ENDED:
            add("ended", f"ended {entry.valid_until}")
        elif status is Status.ENDING_SOON:
            add("ending_soon", f"ends {entry.valid_until}")
        elif status is Status.PAUSED:
            assert entry.pause is not None
            add("paused", f"paused since {entry.pause.start} until {entry.pause.until or '?'}")
        elif status is Status.UPCOMING:
            add("upcoming", f"starts {entry.valid_from}")
        if day - entry.last_checked > timedelta(days=UNCHECKED_AFTER_DAYS):
            add("unchecked", f"last checked {entry.last_checked}")
        if not entry.source_url:
            add("no_source", "no source_url")
        if (
            entry.kind in CHECKED_FOR_YEAR
            and status is not Status.ENDED
            and not confirmed_for(entry, day)
        ):
            year = entry.evidence_year
            add("unconfirmed", f"newest source: {year}" if year else "no dated source")
    return report
