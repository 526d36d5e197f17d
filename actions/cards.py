"""Result cards: programmes, centres and cases as structured data each channel renders its own way.

An action sends a card as Rasa's custom payload (`json_message`), `{"card": {...}, "text": …}`;
the text is a short fallback for channels that show no cards. A card says each thing once: the
status line carries the date, so a note that repeats it is left out of the details.
"""

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from actions.render import (
    day,
    euros,
    first_sentence,
    freshness_note,
    funding_kind,
    pick,
    reasons_text,
)
from knowledge.advisor import Recommendation
from knowledge.models import Case, Centre, Entry, Programme
from knowledge.status import Status
from knowledge.vocabulary import SECTORS, STATES, label
from messages import text

CARD_KEY = "card"
_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ])")


STATUS_SIGNS = {
    Status.UPCOMING: "🕑",
    Status.OPEN: "✅",
    Status.ENDING_SOON: "⏳",
    Status.PAUSED: "⏸",
    Status.ENDED: "❌",
}


@dataclass(frozen=True)
class CardStatus:
    """Whether the entry can be used now, the date that matters (ISO) and a short label
    (without a sign: each channel marks the status its own way)."""

    code: str
    label: str
    date: str | None = None


@dataclass(frozen=True)
class Detail:
    """One labelled paragraph behind the card's "Details" disclosure."""

    label: str
    text: str


@dataclass(frozen=True)
class ResultCard:
    """One programme, centre or case, in the conversation's language."""

    kind: str
    id: str
    title: str
    language: str
    source_url: str
    source_checked: str
    status: CardStatus
    subtitle: str | None = None
    summary: str | None = None
    funding_kind: str | None = None
    rate: str | None = None
    maximum: str | None = None
    freshness: str | None = None
    fits: list[str] = field(default_factory=list)
    details: list[Detail] = field(default_factory=list)
    apply_url: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def fallback_text(self) -> str:
        """A short text for channels without cards: title, terms, status, source."""
        head = f"**{self.title}**" + (f" ({self.subtitle})" if self.subtitle else "")
        terms = [part for part in (self.funding_kind, self.rate, self.maximum) if part]
        lines = [head]
        if terms:
            lines.append(" · ".join(terms))
        elif self.summary:
            lines.append(self.summary)
        if self.status.code != Status.OPEN:
            lines.append(f"{STATUS_SIGNS[Status(self.status.code)]} {self.status.label}")
        if self.freshness:
            lines.append(self.freshness)
        lines.append(f"{text('label.source', self.language)}: {self.source_url}")
        return "\n".join(lines)


def card_status(entry: Entry, status: Status, language: str) -> CardStatus:
    """The status line of a card, with the date it depends on."""
    until = entry.valid_until
    if status is Status.ENDING_SOON and until:
        key = (
            "card_status.ending_soon_programme"
            if isinstance(entry, Programme)
            else "card_status.ending_soon_period"
        )
        return CardStatus(
            status.value, text(key, language, date=day(until, language)), until.isoformat()
        )
    if status is Status.ENDED and until:
        label_text = text("card_status.ended", language, date=day(until, language))
        return CardStatus(status.value, label_text, until.isoformat())
    if status is Status.PAUSED and entry.pause:
        since = day(entry.pause.start, language)
        label_text = (
            text(
                "card_status.paused_until",
                language,
                start=since,
                until=day(entry.pause.until, language),
            )
            if entry.pause.until
            else text("card_status.paused", language, start=since)
        )
        return CardStatus(
            status.value, label_text, (entry.pause.until or entry.pause.start).isoformat()
        )
    if status is Status.UPCOMING and entry.valid_from:
        start = day(entry.valid_from, language)
        return CardStatus(
            status.value,
            text("card_status.upcoming", language, date=start),
            entry.valid_from.isoformat(),
        )
    if until:
        label_text = text("card_status.open_until", language, date=day(until, language))
        return CardStatus(status.value, label_text, until.isoformat())
    return CardStatus(status.value, text("card_status.open", language))


def without_repeats(note: str | None, entry: Entry) -> str | None:
    """A successor or pause note without the sentences that restate the end date's year, which
    the status line already shows (the issue's "period ends … ends end of 2026")."""
    if not note:
        return None
    year = str(entry.valid_until.year) if entry.valid_until else None
    kept = [
        sentence
        for sentence in _SENTENCES.split(note.strip())
        if not (year and year in sentence and re.search(r"\bend", sentence, re.IGNORECASE))
    ]
    return " ".join(kept) or None


def status_line(entry: Entry, status: Status, language: str) -> str | None:
    """For a text message: the status with its date and what follows, each said once; None
    when the entry is simply open."""
    if status is Status.OPEN:
        return None
    follow = _status_notes(entry, status, language)
    line = f"{STATUS_SIGNS[status]} {card_status(entry, status, language).label}."
    return " ".join([line, *(detail.text for detail in follow)])


def rest_of(text: str, first: str) -> str | None:
    """What follows the first sentence (shown on the card), so details do not repeat it."""
    rest = text.strip()[len(first) :].strip()
    return rest or None


def _detail(details: list[Detail], heading: str, text: str | None) -> None:
    if text:
        details.append(Detail(heading, text))


def _status_notes(entry: Entry, status: Status, language: str) -> list[Detail]:
    details: list[Detail] = []
    if status is Status.PAUSED and entry.pause:
        _detail(
            details,
            text("label.pause", language),
            pick(language, entry.pause.note_de, entry.pause.note_en),
        )
    if status in (Status.ENDING_SOON, Status.ENDED):
        note = pick(language, entry.successor_note_de, entry.successor_note_en)
        _detail(
            details,
            text("label.follows", language),
            without_repeats(note, entry),
        )
    return details


def programme_card(
    programme: Programme, status: Status, language: str, reasons: list[str] | None = None
) -> ResultCard:
    """A programme: kind, rate, maximum, status and why it fits on the card; the rest in details."""
    summary = pick(language, programme.summary_de, programme.summary_en)
    short = first_sentence(summary)
    details: list[Detail] = []
    _detail(details, text("label.more", language), rest_of(summary, short))
    if programme.states:
        states = ", ".join(label(STATES, code, language) for code in programme.states)
        _detail(details, text("label.only_states", language), states)
    _detail(
        details,
        text("label.eligible", language),
        pick(language, programme.eligibility_de, programme.eligibility_en),
    )
    if status is not Status.ENDED:
        _detail(
            details,
            text("label.apply", language),
            pick(language, programme.how_to_apply_de, programme.how_to_apply_en),
        )
    details.extend(_status_notes(programme, status, language))
    return ResultCard(
        kind="programme",
        id=programme.id,
        title=programme.name,
        subtitle=programme.funder,
        language=language,
        summary=short,
        funding_kind=funding_kind(programme, language),
        rate=f"{programme.rate_percent:g} %" if programme.rate_percent else None,
        maximum=(
            text("terms.up_to", language, amount=euros(programme.max_amount_eur, language))
            if programme.max_amount_eur
            else None
        ),
        status=card_status(programme, status, language),
        freshness=freshness_note(programme, status, language),
        fits=list(reasons or []),
        details=details,
        source_url=programme.source_url,
        source_checked=programme.last_checked.isoformat(),
        apply_url=programme.source_url,
    )


def recommendation_card(recommendation: Recommendation, language: str) -> ResultCard:
    return programme_card(
        recommendation.programme,
        recommendation.status,
        language,
        reasons_text(recommendation.reasons, language),
    )


def centre_card(centre: Centre, status: Status, language: str) -> ResultCard:
    """A Mittelstand-Digital Zentrum: where, what it offers (free), status and website."""
    where = ", ".join(label(STATES, s, language) for s in centre.states) or text(
        "place.nationwide", language
    )
    summary = pick(language, centre.summary_de, centre.summary_en)
    short = first_sentence(summary)
    details: list[Detail] = []
    _detail(details, text("label.more", language), rest_of(summary, short))
    _detail(
        details,
        text("label.offers", language),
        pick(language, centre.offers_de, centre.offers_en),
    )
    details.extend(_status_notes(centre, status, language))
    free = centre.centre_type != "network"
    return ResultCard(
        kind="centre",
        id=centre.id,
        title=centre.name,
        subtitle=f"{centre.city} · {where}" if centre.city else where,
        language=language,
        summary=short,
        funding_kind=text("centre.free_short", language) if free else None,
        status=card_status(centre, status, language),
        freshness=freshness_note(centre, status, language),
        details=details,
        source_url=centre.source_url,
        source_checked=centre.last_checked.isoformat(),
        apply_url=centre.website or centre.source_url,
    )


def case_card(case: Case, status: Status, language: str) -> ResultCard:
    """A best-practice case: who, the result on the card; problem and solution in details."""
    sector = label(SECTORS, case.sector, language)
    place = ", ".join(
        part for part in (case.city, label(STATES, case.state, language) if case.state else None)
        if part
    )  # fmt: skip
    details = [
        Detail(text("label.problem", language), pick(language, case.problem_de, case.problem_en)),
        Detail(
            text("label.solution", language), pick(language, case.solution_de, case.solution_en)
        ),
    ]
    return ResultCard(
        kind="case",
        id=case.id,
        title=case.title_in(language),
        subtitle=", ".join(part for part in (case.firm, sector, place) if part),
        language=language,
        summary=f"{text('label.result', language)}: "
        + pick(language, case.result_de, case.result_en),
        status=card_status(case, status, language),
        details=details,
        source_url=case.source_url,
        source_checked=case.last_checked.isoformat(),
        apply_url=case.source_url,
    )


def send_card(dispatcher: CollectingDispatcher, card: ResultCard) -> None:
    """Send the card as a custom payload carrying its own text fallback."""
    dispatcher.utter_message(json_message={CARD_KEY: card.to_json(), "text": card.fallback_text()})
