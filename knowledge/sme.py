"""The SME check of the EU definition (Commission Recommendation 2003/361/EC), decided by code
from the figures a user gives: staff, annual turnover, balance sheet total.

A firm is in the smallest class whose staff limit it stays under and whose turnover limit or
balance sheet limit (one of the two is enough) it keeps. Shares of partner and linked firms
count too; the check says so, as it cannot see them.
"""

import re
from dataclasses import dataclass

from knowledge.firm_facts import read_employees
from knowledge.number_words import digits_for_number_words


@dataclass(frozen=True)
class SizeClass:
    code: str
    de: str
    en: str
    staff_below: int
    max_turnover_eur: int
    max_balance_eur: int


MILLION = 1_000_000
CLASSES = (
    SizeClass("micro", "Kleinstunternehmen", "micro enterprise", 10, 2 * MILLION, 2 * MILLION),
    SizeClass("small", "kleines Unternehmen", "small enterprise", 50, 10 * MILLION, 10 * MILLION),
    SizeClass(
        "medium", "mittleres Unternehmen", "medium-sized enterprise", 250, 50 * MILLION,
        43 * MILLION,
    ),
)  # fmt: skip

SME_WORDS = re.compile(
    r"\bkmu\b|\bsme\b|kleinstunternehm|\bklein(e|es|en)?\s+unternehm|\bmittler(e|es|en)?\s+"
    r"unternehm|\b(small|micro|medium)(-sized)?\s+(enterprise|company|firm|business)",
    re.IGNORECASE,
)
SCALES = {
    "mio": MILLION, "millionen": MILLION, "million": MILLION, "millions": MILLION, "mill": MILLION,
    "m": MILLION, "mrd": 1000 * MILLION, "milliarden": 1000 * MILLION, "billion": 1000 * MILLION,
    "bn": 1000 * MILLION, "tsd": 1000, "tausend": 1000, "k": 1000,
}  # fmt: skip
_AMOUNT = re.compile(
    r"(?P<euro_before>€|eur\b|euro\b)?\s*(?P<number>\d+(?:[.,]\d+)*)\s*"
    r"(?P<scale>mio\b\.?|millionen\b|millions?\b|mill\b\.?|m\b|mrd\b\.?|milliarden\b|billion\b"
    r"|bn\b|tsd\b\.?|tausend\b|k\b)?\s*(?P<euro_after>€|eur\b|euros?\b)?",
    re.IGNORECASE,
)
_TURNOVER = re.compile(r"umsatz|umsätze|turnover|revenue|sales", re.IGNORECASE)
_BALANCE = re.compile(r"bilanz|balance", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[,;.?!–]|\s-\s")


@dataclass(frozen=True)
class Figures:
    employees: int | None = None
    turnover_eur: int | None = None
    balance_eur: int | None = None

    def any(self) -> bool:
        return any(v is not None for v in (self.employees, self.turnover_eur, self.balance_eur))


def is_sme_question(text: str) -> bool:
    """Whether `text` mentions SME status or a size class."""
    return bool(SME_WORDS.search(text))


def _number(raw: str, scaled: bool) -> float:
    """ "1,5" and "1.5" are decimals; "600.000" and "600,000" thousands (unless scaled)."""
    groups = re.split(r"[.,]", raw)
    if len(groups) > 1 and all(len(g) == 3 for g in groups[1:]) and not scaled:
        return float("".join(groups))
    if len(groups) == 2:
        return float(f"{groups[0]}.{groups[1]}")
    return float("".join(groups))


def _amounts(text: str) -> list[tuple[int, int, int]]:
    """(start, end, euros) of every amount of money in `text`: a number with a currency or a
    scale ("38 Mio", "€47m", "600.000 €")."""
    found = []
    for match in _AMOUNT.finditer(text):
        scale = (match.group("scale") or "").lower().rstrip(".")
        euro = match.group("euro_before") or match.group("euro_after")
        if not (scale or euro):
            continue
        value = _number(match.group("number"), bool(scale)) * SCALES.get(scale, 1)
        found.append((match.start(), match.end(), int(value)))
    return found


def _kind_of(text: str, start: int, end: int, keywords: list[tuple[int, int, str]]) -> str | None:
    """The kind of the nearest keyword in the same clause as the amount at start:end."""
    best: tuple[int, str] | None = None
    for word_start, word_end, kind in keywords:
        between = text[end:word_start] if word_start >= end else text[word_end:start]
        if _CLAUSE_BREAK.search(between):
            continue
        if best is None or len(between) < best[0]:
            best = (len(between), kind)
    return best[1] if best else None


def read_figures(text: str) -> Figures:
    """Staff, turnover and balance sheet total named in `text`; each amount belongs to the
    nearest word for turnover or balance sheet in its clause."""
    lowered = digits_for_number_words(text.lower())
    keywords = [(m.start(), m.end(), "turnover") for m in _TURNOVER.finditer(lowered)]
    keywords += [(m.start(), m.end(), "balance") for m in _BALANCE.finditer(lowered)]
    money: dict[str, int] = {}
    for start, end, euros in _amounts(lowered):
        kind = _kind_of(lowered, start, end, keywords)
        if kind and kind not in money:
            money[kind] = euros
    return Figures(read_employees(text), money.get("turnover"), money.get("balance"))


@dataclass(frozen=True)
class SizeVerdict:
    """The size class the figures give (None: they do not decide it) and why, in both
    languages."""

    size: str | None
    de: str
    en: str

    def text(self, language: str) -> str:
        return self.en if language == "en" else self.de


def _euros(value: int, language: str) -> str:
    if value >= MILLION:
        millions = f"{value / MILLION:g}"
        if language == "de":
            return f"{millions.replace('.', ',')} Mio. €"
        return f"€{millions} million"
    grouped = f"{value:,}"
    return f"{grouped.replace(',', '.')} €" if language == "de" else f"€{grouped}"


def _fits(size: SizeClass, figures: Figures) -> bool | None:
    """Whether the figures keep the class's limits; None when they cannot tell (a figure is
    missing, or the one financial figure given exceeds its limit while the other is unknown)."""
    if figures.employees is not None and figures.employees >= size.staff_below:
        return False
    money = [
        figures.turnover_eur <= size.max_turnover_eur if figures.turnover_eur is not None else None,
        figures.balance_eur <= size.max_balance_eur if figures.balance_eur is not None else None,
    ]
    if money == [False, False]:
        return False
    if True in money and figures.employees is not None:
        return True
    return None


def _limits(size: SizeClass, figures: Figures, language: str) -> str:
    """The class's limits, each with the user's figure where known."""
    de = language == "de"
    parts = []
    staff = (
        f"weniger als {size.staff_below} Beschäftigte"
        if de
        else (f"fewer than {size.staff_below} employees")
    )
    if figures.employees is not None:
        staff += f" (Sie: {figures.employees})" if de else f" (you: {figures.employees})"
    parts.append(staff)
    turnover = (
        f"höchstens {_euros(size.max_turnover_eur, language)} Jahresumsatz"
        if de
        else f"at most {_euros(size.max_turnover_eur, language)} annual turnover"
    )
    if figures.turnover_eur is not None:
        you = _euros(figures.turnover_eur, language)
        turnover += f" (Sie: {you})" if de else f" (you: {you})"
    balance = (
        f"höchstens {_euros(size.max_balance_eur, language)} Bilanzsumme"
        if de
        else f"at most {_euros(size.max_balance_eur, language)} balance sheet total"
    )
    if figures.balance_eur is not None:
        you = _euros(figures.balance_eur, language)
        balance += f" (Sie: {you})" if de else f" (you: {you})"
    either = " oder " if de else " or "
    joiner = " und " if de else " and "
    return f"{parts[0]}{joiner}{turnover}{either}{balance}"


CAVEAT_DE = (
    "Hält ein anderes Unternehmen 25 % oder mehr an Ihrem Betrieb (oder Sie an einem anderen), "
    "zählen dessen Zahlen anteilig oder ganz mit (Partner- und verbundene Unternehmen); der "
    "Status ändert sich erst, wenn die Grenzen zwei Geschäftsjahre in Folge über- oder "
    "unterschritten werden."
)
CAVEAT_EN = (
    "If another company holds 25 % or more of your firm (or you of another), its figures count "
    "pro rata or in full (partner and linked enterprises); the status only changes once the "
    "limits are crossed in two consecutive financial years."
)


def size_classes() -> SizeVerdict:
    """The limits of every size class, for a question about SME status without figures."""
    none = Figures()
    return SizeVerdict(
        None,
        "Nach der EU-Definition: "
        + "; ".join(f"**{size.de}**: {_limits(size, none, 'de')}" for size in CLASSES)
        + f". Darüber ist ein Unternehmen kein KMU. {CAVEAT_DE}",
        "Under the EU definition: "
        + "; ".join(f"**{size.en}**: {_limits(size, none, 'en')}" for size in CLASSES)
        + f". Above that a firm is not an SME. {CAVEAT_EN}",
    )


def size_verdict(figures: Figures) -> SizeVerdict:
    """The smallest EU size class the figures keep, with the limits checked; "large" when they
    exceed even the SME limits; size None when they do not decide it (without figures: the
    limits of every class)."""
    if not figures.any():
        return size_classes()
    fits = [_fits(size, figures) for size in CLASSES]
    if True in fits:
        size = CLASSES[fits.index(True)]
        return SizeVerdict(
            size.code,
            f"Nach Ihren Angaben sind Sie nach der EU-Definition ein **{size.de}** und damit "
            f"ein KMU: {_limits(size, figures, 'de')} – eine der beiden Finanzgrenzen genügt. "
            f"{CAVEAT_DE}",
            f"From your figures you are a **{size.en}** under the EU definition, and so an "
            f"SME: {_limits(size, figures, 'en')} – meeting one of the two financial limits is "
            f"enough. {CAVEAT_EN}",
        )
    sme = CLASSES[-1]
    if None in fits:
        return SizeVerdict(
            None,
            f"Ein KMU nach der EU-Definition hat {_limits(sme, figures, 'de')}; Ihre Angaben "
            f"reichen für die Einstufung noch nicht ganz. {CAVEAT_DE}",
            f"An SME under the EU definition has {_limits(sme, figures, 'en')}; your figures do "
            f"not quite decide it yet. {CAVEAT_EN}",
        )
    return SizeVerdict(
        "large",
        f"Nach Ihren Angaben sind Sie nach der EU-Definition **kein KMU**: Ein KMU hat "
        f"{_limits(sme, figures, 'de')}. {CAVEAT_DE}",
        f"From your figures you are **not an SME** under the EU definition: an SME has "
        f"{_limits(sme, figures, 'en')}. {CAVEAT_EN}",
    )
