"""The SME check of the EU definition (Commission Recommendation 2003/361/EC), decided by code
from the figures a user gives: staff, annual turnover, balance sheet total.

A firm is in the smallest class whose staff limit it stays under and whose turnover limit or
balance sheet limit (one of the two is enough) it keeps. Shares of partner and linked firms
count too; the check says so, as it cannot see them.

It returns data only (the outcome, the size class, the figures); `actions.render.sme_text`
words it with the catalogue's `sme.*` keys.
"""

import re
from dataclasses import dataclass
from typing import Literal

from knowledge.firm_facts import read_employees
from knowledge.number_words import digits_for_number_words


@dataclass(frozen=True)
class SizeClass:
    """An EU size class: its code (worded as `sme.class_<code>`) and its limits."""

    code: str
    staff_below: int
    max_turnover_eur: int
    max_balance_eur: int


MILLION = 1_000_000
CLASSES = (
    SizeClass("micro", 10, 2 * MILLION, 2 * MILLION),
    SizeClass("small", 50, 10 * MILLION, 10 * MILLION),
    SizeClass("medium", 250, 50 * MILLION, 43 * MILLION),
)
SME_LIMITS = CLASSES[-1]  # the largest SME class: above its limits a firm is no SME

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


Outcome = Literal["fits", "undecided", "large", "classes"]


@dataclass(frozen=True)
class SizeVerdict:
    """What the figures decide: "fits" (size: the smallest class they keep), "large" (they
    exceed even the SME limits), "undecided" (they do not decide it) or "classes" (no figures:
    the limits of every class are to be shown); with the figures, to show beside the limits."""

    outcome: Outcome
    size: SizeClass | None
    figures: Figures

    @property
    def code(self) -> str | None:
        """The size class decided: a class code, "large", or None when not decided."""
        if self.outcome == "fits" and self.size is not None:
            return self.size.code
        return "large" if self.outcome == "large" else None


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


def size_verdict(figures: Figures) -> SizeVerdict:
    """The smallest EU size class the figures keep ("fits"); "large" when they exceed even the
    SME limits; "undecided" when they do not decide it; "classes" without figures."""
    if not figures.any():
        return SizeVerdict("classes", None, figures)
    fits = [_fits(size, figures) for size in CLASSES]
    if True in fits:
        return SizeVerdict("fits", CLASSES[fits.index(True)], figures)
    if None in fits:
        return SizeVerdict("undecided", None, figures)
    return SizeVerdict("large", None, figures)
