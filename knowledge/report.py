"""The staff report on dated knowledge: what has ended, ends soon, is paused or is unchecked."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from knowledge.models import Entry, Programme
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
    "mentions_ended": "names an ended programme without saying that it ended",
}
CHECKED_FOR_YEAR = ("programme", "centre")
TEXT_FIELDS = (
    "summary_de", "summary_en", "eligibility_de", "eligibility_en", "how_to_apply_de",
    "how_to_apply_en", "offers_de", "offers_en", "answer_de", "answer_en",
)  # fmt: skip
# Words that tell the reader a programme named in a text is over or has a successor.
SAYS_ENDED = re.compile(
    r"ausgelaufen|eingestellt|beendet|endete|lief bis|nicht mehr|Nachfolge|abgelöst|ersetzt|"
    r"\bended\b|ran until|discontinued|expired|no longer|replaced|successor",
    re.IGNORECASE,
)


def programme_names(programme: Programme) -> set[str]:
    """How a text names a programme: its full name, also without a bracketed note (not its
    aliases: 'Digitalisierungsprämie' also names a part of a current programme)."""
    name = programme.name
    names = {name, re.sub(r"\s*\([^)]*\)", "", name)}
    return {n.strip() for n in names if len(n.strip()) >= 5}


def mentions_of_ended(
    entries: list[Entry], day: date, soon_days: int
) -> list[tuple[Entry, str, str]]:
    """(entry, field, ended programme id) for every usable entry whose text names a programme
    that has ended on `day` without a word that it ended (e.g. a requirement to use go-digital
    consultants after go-digital ended): such a text presents an ended programme as current."""
    ended = [
        e
        for e in entries
        if isinstance(e, Programme) and status_on(e, day, soon_days) is Status.ENDED
    ]
    patterns = {
        e.id: re.compile(
            "|".join(rf"(?<!\w){re.escape(n)}(?!\w)" for n in programme_names(e)), re.I
        )
        for e in ended
    }
    found = []
    for entry in entries:
        if status_on(entry, day, soon_days) is Status.ENDED:
            continue
        for field in TEXT_FIELDS:
            text = getattr(entry, field, None)
            if not text or SAYS_ENDED.search(text):
                continue
            found.extend(
                (entry, field, other_id)
                for other_id, pattern in patterns.items()
                if other_id != entry.id and pattern.search(text)
            )
    return found


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
    for entry, field, ended_id in mentions_of_ended(entries, day, soon_days):
        report["mentions_ended"].append(
            ReportLine(entry.id, entry.kind, entry.title, f"{field} names ended {ended_id}")
        )
    return report
