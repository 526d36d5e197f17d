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
    "regional_rate": "shows a rate that its own summary limits to particular regions",
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


# Words that tie a rate to a region (a rate for "ostdeutsche Länder" or "strukturschwache
# Regionen" is no rate for a firm elsewhere).
REGION_WORDS = re.compile(
    r"Region|ostdeutsch|neuen (Bundes)?Länder|strukturschwach|GRW|Fördergebiet", re.IGNORECASE
)


def clause_from(text: str, start: int) -> str:
    """The text from `start` to the end of its clause: the next comma or semicolon outside
    brackets, or the end of the sentence."""
    depth = 0
    for i in range(start, len(text)):
        char = text[i]
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and (
            char in ",;" or (char == "." and text[i + 1 : i + 3].strip()[:1].isupper())
        ):
            return text[start:i]
    return text[start:]


def regional_rate(programme: Programme) -> str | None:
    """The clause of the summary that ties the programme's `rate_percent` to particular
    regions (None: it does not). Cards show `rate_percent` as the programme's rate, so it must
    be one that applies wherever the programme applies (e.g. BAFA's 50 %, not the 80 % of
    some regions); higher regional rates belong in the summary."""
    if not programme.rate_percent:
        return None
    rate = re.escape(f"{programme.rate_percent:g}")
    for match in re.finditer(rf"(?<![\d,]){rate}\s?(%|Prozent)", programme.summary_de):
        clause = clause_from(programme.summary_de, match.start())
        if REGION_WORDS.search(clause):
            return clause
    return None


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
    found: list[tuple[Entry, str, str]] = []
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
    for entry in entries:
        if isinstance(entry, Programme) and status_on(entry, day, soon_days) is not Status.ENDED:
            clause = regional_rate(entry)
            if clause:
                report["regional_rate"].append(
                    ReportLine(entry.id, entry.kind, entry.title, f"rate only for: {clause}")
                )
    for entry, field, ended_id in mentions_of_ended(entries, day, soon_days):
        report["mentions_ended"].append(
            ReportLine(entry.id, entry.kind, entry.title, f"{field} names ended {ended_id}")
        )
    return report
