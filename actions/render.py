"""Turning knowledge entries into short chat messages in German or English."""

import re
from datetime import date
from typing import Any

from knowledge.advisor import Reason
from knowledge.eligibility import Failure
from knowledge.models import Case, Centre, Entry, Faq, Programme
from knowledge.sme import CLASSES, MILLION, SME_LIMITS, Figures, SizeClass, SizeVerdict
from knowledge.status import Status, confirmed_for, today
from knowledge.vocabulary import SECTORS, STATES, TOPICS, label
from messages import text

MONTHS_EN = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def pick(language: str, german: str | None, english: str | None) -> str:
    """An entry's field in `language`: the English one if asked for and present, else the
    German one (fixed texts come from the catalogue, `messages.text`)."""
    return (english if language == "en" and english else german) or ""


_SENTENCE_END = re.compile(r"(?<=[a-zäöüß]{3}[.!?])\s+(?=[A-ZÄÖÜ])")


def first_sentence(text: str) -> str:
    """The first sentence, not cut at abbreviations like "z. B." or "max."."""
    return _SENTENCE_END.split(text.strip(), maxsplit=1)[0]


def euros(amount: int, language: str) -> str:
    if language == "en":
        return f"€{amount:,}"
    return f"{amount:,} €".replace(",", ".")


def euros_short(amount: int, language: str) -> str:
    """An amount with a million or more in millions ("1,5 Mio. €", "€1.5 million"), a smaller
    one in full."""
    if amount < MILLION:
        return euros(amount, language)
    millions = f"{amount / MILLION:g}"
    if language == "de":
        millions = millions.replace(".", ",")
    return text("money.millions", language, amount=millions)


def day(value: date, language: str) -> str:
    if language == "en":
        return f"{value.day} {MONTHS_EN[value.month - 1]} {value.year}"
    return value.strftime("%d.%m.%Y")


def status_note(entry: Entry, status: Status, language: str) -> str | None:
    """One sentence on whether the entry is usable now, or None when it simply is open."""
    if status is Status.ENDING_SOON and entry.valid_until:
        until = day(entry.valid_until, language)
        if isinstance(entry, Programme):
            return text("status.ending_soon_programme", language, date=until)
        note = pick(language, entry.successor_note_de, entry.successor_note_en)
        head = text("status.ending_soon_period", language, date=until)
        return f"{head} {note}".strip()
    if status is Status.ENDED and entry.valid_until:
        return text("status.ended", language, date=day(entry.valid_until, language))
    if status is Status.PAUSED and entry.pause:
        start = day(entry.pause.start, language)
        head = (
            text(
                "status.paused_until", language, start=start, until=day(entry.pause.until, language)
            )
            if entry.pause.until
            else text("status.paused", language, start=start)
        )
        note = pick(language, entry.pause.note_de, entry.pause.note_en)
        return f"{head} {note}".strip()
    if status is Status.UPCOMING and entry.valid_from:
        return text("status.upcoming", language, date=day(entry.valid_from, language))
    return None


def freshness_note(entry: Entry, status: Status, language: str) -> str | None:
    """Says so when no source confirms a usable programme or centre for this year."""
    if status is Status.ENDED or confirmed_for(entry, today()):
        return None
    year = entry.evidence_year
    if year:
        return text("freshness.year", language, year=year)
    return text("freshness.no_year", language)


def source_line(entry: Entry, language: str) -> str:
    return text(
        "source.line", language, url=entry.source_url, date=day(entry.last_checked, language)
    )


def funding_kind(programme: Programme, language: str) -> str:
    """The kind of funding, capitalised: "Zuschuss", "Loan"."""
    kind = text(f"funding_type.{programme.funding_type}", language)
    return kind[0].upper() + kind[1:]


def labelled(key: str, language: str, value: str) -> str:
    """A line "<label>: <value>" with the label from the catalogue."""
    return f"{text(key, language)}: {value}"


def funding_terms(programme: Programme, language: str) -> str:
    parts = [funding_kind(programme, language)]
    if programme.rate_percent:
        parts.append(text("terms.rate", language, rate=f"{programme.rate_percent:g} %"))
    if programme.max_amount_eur:
        parts.append(
            text("terms.up_to", language, amount=euros(programme.max_amount_eur, language))
        )
    return ", ".join(parts)


def programme_card(
    programme: Programme,
    status: Status,
    language: str,
    reasons: list[str] | None = None,
) -> str:
    lines = [f"**{programme.name}** ({programme.funder})"]
    lines.append(pick(language, programme.summary_de, programme.summary_en))
    lines.append(labelled("label.funding", language, funding_terms(programme, language)))
    if programme.states:
        states = ", ".join(label(STATES, code, language) for code in programme.states)
        lines.append(labelled("label.only_states", language, states))
    if programme.sectors:
        sectors = ", ".join(label(SECTORS, code, language) for code in programme.sectors)
        lines.append(labelled("label.only_sectors", language, sectors))
    if reasons:
        lines.append(labelled("label.fits", language, "; ".join(reasons)))
    how = pick(language, programme.how_to_apply_de, programme.how_to_apply_en)
    if how and status is not Status.ENDED:
        lines.append(labelled("label.apply", language, how))
    for note in (
        status_note(programme, status, language),
        freshness_note(programme, status, language),
    ):
        if note:
            lines.append(note)
    lines.append(source_line(programme, language))
    return "\n".join(lines)


def centre_card(centre: Centre, status: Status, language: str) -> str:
    where = ", ".join(label(STATES, s, language) for s in centre.states) or text(
        "place.nationwide", language
    )
    place = f"{centre.city} · {where}" if centre.city else where
    lines = [f"**{centre.name}** ({place})", pick(language, centre.summary_de, centre.summary_en)]
    offers = pick(language, centre.offers_de, centre.offers_en)
    if offers:
        lines.append(labelled("label.offers", language, offers))
    if centre.centre_type != "network":
        lines.append(text("centre.free", language))
    if centre.website:
        lines.append(labelled("label.website", language, centre.website))
    for note in (status_note(centre, status, language), freshness_note(centre, status, language)):
        if note:
            lines.append(note)
    lines.append(source_line(centre, language))
    return "\n".join(line for line in lines if line)


def case_card(case: Case, language: str) -> str:
    sector = label(SECTORS, case.sector, language)
    where = ", ".join(
        part for part in (case.city, label(STATES, case.state, language) if case.state else None)
        if part
    )  # fmt: skip
    head = f"**{case.title_in(language)}** – {case.firm} ({sector}{', ' + where if where else ''})"
    lines = [
        head,
        labelled("label.problem", language, pick(language, case.problem_de, case.problem_en)),
        labelled("label.solution", language, pick(language, case.solution_de, case.solution_en)),
        labelled("label.result", language, pick(language, case.result_de, case.result_en)),
        source_line(case, language),
    ]
    return "\n".join(lines)


def faq_card(faq: Faq, language: str) -> str:
    return "\n".join(
        [
            f"**{faq.title_in(language)}**",
            pick(language, faq.answer_de, faq.answer_en),
            source_line(faq, language),
        ]
    )


def entry_card(entry: Entry, status: Status, language: str) -> str:
    if isinstance(entry, Programme):
        return programme_card(entry, status, language)
    if isinstance(entry, Centre):
        return centre_card(entry, status, language)
    if isinstance(entry, Case):
        return case_card(entry, language)
    assert isinstance(entry, Faq)
    return faq_card(entry, language)


# The values of reasons and failures that are codes of a vocabulary, by their name.
VOCABULARIES = {
    "state": STATES,
    "states": STATES,
    "sector": SECTORS,
    "sectors": SECTORS,
    "topic": TOPICS,
}


def number(value: int, language: str) -> str:
    return f"{value:,}".replace(",", "." if language == "de" else ",")


def worded(name: str, value: Any, language: str) -> str:
    """One value of a reason or failure in words: codes as labels, numbers as the language
    writes them."""
    if name in VOCABULARIES:
        codes = value if isinstance(value, list) else [value]
        return ", ".join(label(VOCABULARIES[name], code, language) for code in codes)
    if name == "legal_form":
        return text(f"legal_form.{value}", language)
    if isinstance(value, int):
        return number(value, language)
    return str(value)


def _sentence(key: str, values: dict[str, Any], language: str) -> str:
    words = {name: worded(name, value, language) for name, value in values.items()}
    return text(key, language, **words)


def reasons_text(reasons: list[Reason], language: str) -> list[str]:
    """Why a programme fits, one phrase per reason."""
    return [_sentence(f"reason.{reason.code}", reason.values, language) for reason in reasons]


def failures_text(failures: list[Failure], language: str) -> str:
    """Why a programme does not fit, as one phrase."""
    return "; ".join(
        _sentence(f"failure.{failure.condition}", failure.values, language) for failure in failures
    )


def _limit(key: str, limit: str, yours: str | None, language: str) -> str:
    """One limit of a size class, with the firm's own figure after it where known."""
    phrase = text(key, language, limit=limit)
    return f"{phrase} {text('sme.you', language, value=yours)}" if yours is not None else phrase


def sme_limits(size: SizeClass, figures: Figures, language: str) -> str:
    """A size class's limits, each with the firm's figure where known."""
    turnover, balance = figures.turnover_eur, figures.balance_eur
    return text(
        "sme.limits",
        language,
        staff=_limit(
            "sme.staff",
            str(size.staff_below),
            None if figures.employees is None else str(figures.employees),
            language,
        ),
        turnover=_limit(
            "sme.turnover",
            euros_short(size.max_turnover_eur, language),
            None if turnover is None else euros_short(turnover, language),
            language,
        ),
        balance=_limit(
            "sme.balance",
            euros_short(size.max_balance_eur, language),
            None if balance is None else euros_short(balance, language),
            language,
        ),
    )


def sme_text(verdict: SizeVerdict, language: str) -> str:
    """The EU SME check in words: the class decided (or why not) with the limits checked, or
    without figures the limits of every class; always with the partner-firm caveat."""
    caveat = text("sme.caveat", language)
    figures = verdict.figures
    if verdict.outcome == "classes":
        classes = "; ".join(
            f"**{text(f'sme.class_{size.code}', language)}**: {sme_limits(size, figures, language)}"
            for size in CLASSES
        )
        return text("sme.classes", language, classes=classes, caveat=caveat)
    if verdict.outcome == "fits" and verdict.size is not None:
        return text(
            "sme.fits",
            language,
            size=text(f"sme.class_{verdict.size.code}", language),
            limits=sme_limits(verdict.size, figures, language),
            caveat=caveat,
        )
    key = "sme.large" if verdict.outcome == "large" else "sme.undecided"
    return text(key, language, limits=sme_limits(SME_LIMITS, figures, language), caveat=caveat)
