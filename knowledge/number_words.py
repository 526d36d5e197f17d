"""Numbers written as words, in German and English: "zweiundsechzig", "zu acht", "ein knappes
Dutzend", "twenty-five". `digits_for_number_words` rewrites them as digits so the same readers
that understand "62 Leute" understand "zweiundsechzig Leute"."""

import re

UNITS_DE = {
    "null": 0, "ein": 1, "eins": 1, "eine": 1, "einen": 1, "einem": 1, "einer": 1, "zwei": 2,
    "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9,
}  # fmt: skip
TEENS_DE = {
    "zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14, "fünfzehn": 15,
    "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19,
}  # fmt: skip
TENS_DE = {
    "zwanzig": 20, "dreißig": 30, "dreissig": 30, "vierzig": 40, "fünfzig": 50, "sechzig": 60,
    "siebzig": 70, "achtzig": 80, "neunzig": 90,
}  # fmt: skip
# Compound parts ("zweiundsechzig", "hundertzwanzig") use the stem forms.
UNIT_STEMS_DE = {"ein": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7,
                 "acht": 8, "neun": 9}  # fmt: skip
UNITS_EN = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS_EN = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
# Idioms for a number of people, checked before single words.
IDIOMS = [
    (re.compile(r"\b(?:ein|an?)\s+(?:knappes|knapp)\s+dutzend\b"), 11),
    (re.compile(r"\bknapp\s+ein\s+dutzend\b"), 11),
    (re.compile(r"\b(?:ein|a)\s+halbes\s+dutzend\b|\bhalf\s+a\s+dozen\b"), 6),
    (re.compile(r"\b(?:ein|a)\s+(?:gutes\s+)?dutzend\b|\ba\s+dozen\b"), 12),
    (re.compile(r"\bzwei\s+dutzend\b|\btwo\s+dozen\b"), 24),
    (re.compile(r"\beine\s+handvoll\b|\ba\s+handful\s+of\b"), 5),
]
GROUP_ORDINALS = {
    "zweit": 2, "dritt": 3, "viert": 4, "fünft": 5, "sechst": 6, "siebt": 7, "neunt": 9,
    "zehnt": 10, "elft": 11, "zwölft": 12,
}  # fmt: skip
_GROUP = re.compile(r"\bzu\s+(" + "|".join(GROUP_ORDINALS) + r")\b")
_WORD = re.compile(r"[a-zäöüß]+(?:-[a-zäöüß]+)*")


def _below_hundred_de(word: str) -> int | None:
    if word in TEENS_DE:
        return TEENS_DE[word]
    if word in TENS_DE:
        return TENS_DE[word]
    if word in UNIT_STEMS_DE:
        return UNIT_STEMS_DE[word]
    if word == "eins":
        return 1
    if "und" in word:
        unit, _, tens = word.partition("und")
        if unit in UNIT_STEMS_DE and tens in TENS_DE:
            return UNIT_STEMS_DE[unit] + TENS_DE[tens]
    return None


def german_number(word: str) -> int | None:
    """The value of one German number word up to 9999 ("zweihundertdreißig"), else None."""
    word = word.lower()
    if word in UNITS_DE:
        return UNITS_DE[word]
    total = 0
    rest = word
    for marker, factor in (("tausend", 1000), ("hundert", 100)):
        head, found, tail = rest.partition(marker)
        if found:
            multiplier = 1 if head in ("", "ein") else UNIT_STEMS_DE.get(head)
            if multiplier is None:
                return None
            total += multiplier * factor
            rest = tail
    rest = rest.removeprefix("und") if total else rest
    if not rest:
        return total or None
    below = _below_hundred_de(rest)
    return None if below is None else total + below


def english_number(word: str) -> int | None:
    """The value of an English number word up to 99 ("twenty-five"), else None."""
    word = word.lower()
    if word in UNITS_EN:
        return UNITS_EN[word]
    if word in TENS_EN:
        return TENS_EN[word]
    tens, _, unit = word.partition("-")
    if tens in TENS_EN and unit in UNITS_EN and UNITS_EN[unit] < 10:
        return TENS_EN[tens] + UNITS_EN[unit]
    return None


def digits_for_number_words(text: str) -> str:
    """`text` (lower case) with number words and idioms replaced by digits. Single articles
    ("ein", "eine") stay words unless a count word follows, so "eine Software" is untouched."""
    for pattern, value in IDIOMS:
        text = pattern.sub(str(value), text)
    text = _GROUP.sub(lambda m: f"zu {GROUP_ORDINALS[m.group(1)]}", text)  # "wir sind zu dritt"

    def replace(match: re.Match[str]) -> str:
        word = match.group(0)
        if word in ("ein", "eine", "einen", "einem", "einer", "one"):
            return word
        value = german_number(word)
        if value is None:
            value = english_number(word)
        return str(value) if value is not None else word

    return _WORD.sub(replace, text)
