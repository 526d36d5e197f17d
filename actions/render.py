"""Turning knowledge entries into short chat messages in German or English."""

import re
from datetime import date

from knowledge.eligibility import Failure
from knowledge.models import Case, Centre, Entry, Faq, Programme
from knowledge.status import Status, confirmed_for, today
from knowledge.vocabulary import SECTORS, STATES, label

FUNDING_TYPES = {
    "grant": ("Zuschuss", "grant"),
    "loan": ("Förderkredit", "loan"),
    "consulting": ("geförderte Beratung", "subsidised consulting"),
    "free_support": ("kostenfreies Angebot", "free support"),
    "tax": ("steuerliche Förderung", "tax incentive"),
}
MONTHS_EN = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def pick(language: str, german: str | None, english: str | None) -> str:
    """The English text if asked for and present, else the German one."""
    return (english if language == "en" and english else german) or ""


_SENTENCE_END = re.compile(r"(?<=[a-zäöüß]{3}[.!?])\s+(?=[A-ZÄÖÜ])")


def first_sentence(text: str) -> str:
    """The first sentence, not cut at abbreviations like "z. B." or "max."."""
    return _SENTENCE_END.split(text.strip(), maxsplit=1)[0]


def euros(amount: int, language: str) -> str:
    if language == "en":
        return f"€{amount:,}"
    return f"{amount:,} €".replace(",", ".")


def day(value: date, language: str) -> str:
    if language == "en":
        return f"{value.day} {MONTHS_EN[value.month - 1]} {value.year}"
    return value.strftime("%d.%m.%Y")


def status_note(entry: Entry, status: Status, language: str) -> str | None:
    """One sentence on whether the entry is usable now, or None when it simply is open."""
    if status is Status.ENDING_SOON and entry.valid_until:
        until = day(entry.valid_until, language)
        if isinstance(entry, Programme):
            return pick(
                language,
                f"⏳ Läuft nur noch bis {until} – Anträge nur noch bis dahin.",
                f"⏳ Ends on {until} – apply before then.",
            )
        note = pick(language, entry.successor_note_de, entry.successor_note_en)
        head = pick(
            language,
            f"⏳ Die aktuelle Förderperiode endet am {until}.",
            f"⏳ The current funding period ends on {until}.",
        )
        return f"{head} {note}".strip()
    if status is Status.ENDED and entry.valid_until:
        return pick(
            language,
            f"❌ Beendet am {day(entry.valid_until, language)}.",
            f"❌ Ended on {day(entry.valid_until, language)}.",
        )
    if status is Status.PAUSED and entry.pause:
        until = (
            pick(language, " bis ", " until ") + day(entry.pause.until, language)
            if entry.pause.until
            else ""
        )
        note = pick(language, entry.pause.note_de, entry.pause.note_en)
        head = pick(
            language,
            f"⏸ Derzeit pausiert (seit {day(entry.pause.start, language)}{until}).",
            f"⏸ Currently paused (since {day(entry.pause.start, language)}{until}).",
        )
        return f"{head} {note}".strip()
    if status is Status.UPCOMING and entry.valid_from:
        return pick(
            language,
            f"🕑 Startet am {day(entry.valid_from, language)}.",
            f"🕑 Starts on {day(entry.valid_from, language)}.",
        )
    return None


def freshness_note(entry: Entry, status: Status, language: str) -> str | None:
    """Says so when no source confirms a usable programme or centre for this year."""
    if status is Status.ENDED or confirmed_for(entry, today()):
        return None
    year = entry.evidence_year
    if year:
        return pick(
            language,
            f"ℹ️ Stand laut Quelle: {year} – bitte vor dem Antrag beim Anbieter prüfen.",
            f"ℹ️ Source as of {year} – please check with the provider before applying.",
        )
    return pick(
        language,
        "ℹ️ Die Quelle nennt kein aktuelles Jahr – bitte vor dem Antrag beim Anbieter prüfen.",
        "ℹ️ The source states no current year – please check with the provider before applying.",
    )


def source_line(entry: Entry, language: str) -> str:
    checked = day(entry.last_checked, language)
    return pick(
        language,
        f"Quelle: {entry.source_url} (geprüft am {checked})",
        f"Source: {entry.source_url} (checked on {checked})",
    )


def funding_terms(programme: Programme, language: str) -> str:
    kind = FUNDING_TYPES[programme.funding_type][1 if language == "en" else 0]
    parts = [kind[0].upper() + kind[1:]]
    if programme.rate_percent:
        rate = f"{programme.rate_percent:g} %"
        parts.append(pick(language, f"{rate} der Kosten", f"{rate} of costs"))
    if programme.max_amount_eur:
        amount = euros(programme.max_amount_eur, language)
        parts.append(pick(language, f"bis {amount}", f"up to {amount}"))
    return ", ".join(parts)


def programme_card(
    programme: Programme,
    status: Status,
    language: str,
    reasons: list[str] | None = None,
) -> str:
    lines = [f"**{programme.name}** ({programme.funder})"]
    lines.append(pick(language, programme.summary_de, programme.summary_en))
    lines.append(pick(language, "Förderung: ", "Funding: ") + funding_terms(programme, language))
    if programme.states:
        states = ", ".join(label(STATES, code, language) for code in programme.states)
        lines.append(pick(language, "Nur für Betriebe in: ", "Only for firms in: ") + states)
    if programme.sectors:
        sectors = ", ".join(label(SECTORS, code, language) for code in programme.sectors)
        lines.append(pick(language, "Nur für die Branchen: ", "Only for: ") + sectors)
    if reasons:
        lines.append(pick(language, "Passt, weil: ", "Fits because: ") + "; ".join(reasons))
    how = pick(language, programme.how_to_apply_de, programme.how_to_apply_en)
    if how and status is not Status.ENDED:
        lines.append(pick(language, "Antrag: ", "How to apply: ") + how)
    for note in (
        status_note(programme, status, language),
        freshness_note(programme, status, language),
    ):
        if note:
            lines.append(note)
    lines.append(source_line(programme, language))
    return "\n".join(lines)


def centre_card(centre: Centre, status: Status, language: str) -> str:
    where = ", ".join(label(STATES, s, language) for s in centre.states) or pick(
        language, "bundesweit", "nationwide"
    )
    place = f"{centre.city} · {where}" if centre.city else where
    lines = [f"**{centre.name}** ({place})", pick(language, centre.summary_de, centre.summary_en)]
    offers = pick(language, centre.offers_de, centre.offers_en)
    if offers:
        lines.append(pick(language, "Angebote: ", "Offers: ") + offers)
    lines.append(
        pick(
            language,
            "Die Angebote sind für KMU kostenfrei.",
            "Its offers are free of charge for SMEs.",
        )
        if centre.centre_type != "network"
        else ""
    )
    if centre.website:
        lines.append(pick(language, "Website: ", "Website: ") + centre.website)
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
        pick(language, "Ausgangslage: ", "Problem: ")
        + pick(language, case.problem_de, case.problem_en),
        pick(language, "Lösung: ", "What they did: ")
        + pick(language, case.solution_de, case.solution_en),
        pick(language, "Ergebnis: ", "Result: ") + pick(language, case.result_de, case.result_en),
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


def failures_text(failures: list[Failure], language: str) -> str:
    return "; ".join(failure.text(language) for failure in failures)
