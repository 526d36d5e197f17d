"""What a user said about their firm (state, size, sector, topic), read from free text.

The NLU model extracts entities too; this keyword reader is the safety net that also maps
cities to states and understands answers like "etwa 30 Leute" or "Schreinerei".
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from knowledge.number_words import digits_for_number_words
from knowledge.places import state_of_place
from knowledge.vocabulary import SECTORS, STATES, TOPICS

SKIPPED = "any"


@dataclass(frozen=True)
class FirmFacts:
    """Facts about a firm; None means unknown (or skipped by the user)."""

    state: str | None = None
    employees: int | None = None
    sector: str | None = None
    topic: str | None = None
    turnover_eur: int | None = None
    legal_form: str | None = None


def _pattern(words: list[str]) -> re.Pattern[str]:
    """Words that must start at a word boundary; a trailing `$` also ends one."""
    parts = [
        rf"\b{re.escape(w[:-1])}\b" if w.endswith("$") else rf"\b{re.escape(w)}"
        for w in sorted(words, key=len, reverse=True)
    ]
    return re.compile("|".join(parts))


STATE_WORDS: dict[str, list[str]] = {
    "BW": ["baden-württemberg", "baden württemberg", "bawü", "ba-wü", "badenwürttemberg",
           "baden-württembergisch", "bw$"],
    "BY": ["bayern", "bayerisch", "bavaria", "freistaat bayern"],
    "BE": ["berlin"],
    "BB": ["brandenburg"],
    "HB": ["bremen", "bremer$", "bremerhaven"],
    "HH": ["hamburg"],
    "HE": ["hessen", "hessisch", "hesse$"],
    "MV": ["mecklenburg-vorpommern", "mecklenburg vorpommern", "meck-pomm", "mv$",
           "mecklenburg", "vorpommern"],
    "NI": ["niedersachsen", "niedersächsisch", "lower saxony"],
    "NW": ["nordrhein-westfalen", "nordrhein westfalen", "nrw$", "north rhine-westphalia",
           "north rhine westphalia", "nordrhein"],
    "RP": ["rheinland-pfalz", "rheinland pfalz", "rlp$", "rhineland-palatinate",
           "rheinland-pfälzisch"],
    "SL": ["saarland", "saarländisch"],
    "SN": ["sachsen$", "sächsisch", "saxony$", "freistaat sachsen"],
    "ST": ["sachsen-anhalt", "sachsen anhalt", "saxony-anhalt"],
    "SH": ["schleswig-holstein", "schleswig holstein", "schleswig-holsteinisch"],
    "TH": ["thüringen", "thüringer", "thuringia"],
}  # fmt: skip

SECTOR_WORDS: dict[str, list[str]] = {
    "crafts": ["handwerk", "bäcker", "bäckerei", "konditor", "tischler", "schreiner", "elektro",
               "metallbau", "metallbauer", "schlosser", "friseur", "dachdecker", "maler",
               "shk$", "sanitär", "heizungsbau", "installateur", "kfz", "werkstatt", "zimmerei",
               "zimmerer", "steinmetz", "fleischer", "metzger", "glaser", "optiker", "craft",
               "bakery", "baker", "carpent", "joiner", "electrician", "plumb", "hairdress"],
    "health": ["arztpraxis", "praxis$", "praxen$", "apotheke", "physiotherap", "ergotherap",
               "zahnarzt", "hausarzt", "gesundheit", "klinik", "health", "pharmacy", "medical",
               "doctor", "dental"],
    "care": ["pflege", "altenpflege", "seniorenheim", "altenheim", "tagespflege",
             "sozialstation", "care service", "care home", "nursing", "home care"],
    "logistics": ["spedition", "logistik", "kurier", "transport", "lager", "fuhrpark",
                  "lieferkette", "logistics", "freight", "haulage", "courier"],
    "agriculture": ["landwirt", "bauernhof", "hofladen", "stall", "ackerbau", "milchvieh",
                    "agrar", "weinbau", "gartenbau", "forstwirt", "farm", "agricultur"],
    "retail": ["einzelhandel", "handel$", "händler", "laden$", "ladengeschäft", "geschäft$",
               "boutique", "buchhandlung", "retail", "shop owner", "store"],
    "manufacturing": ["maschinenbau", "produktion", "fertigung", "industrie", "hersteller",
                      "fabrik", "kunststoff", "zulieferer", "manufactur", "factory",
                      "machine builder", "maschinenbauer", "produzierend"],
    "construction": ["bauunternehmen", "baufirma", "bauwirtschaft", "baubranche", "hochbau",
                     "tiefbau", "baustelle", "bau$", "construction", "building contractor"],
    "services": ["dienstleist", "steuerberat", "kanzlei", "ingenieurbüro", "architekt",
                 "beratungsunternehmen", "services", "service provider", "law firm"],
    "tourism": ["hotel", "gastronomie", "restaurant", "gasthof", "pension", "camping",
                "tourismus", "café", "hospitality", "tourism"],
    "it": ["softwarefirma", "softwarehaus", "it-dienstleister", "it-firma", "systemhaus",
           "software company", "it company"],
}  # fmt: skip

TOPIC_WORDS: dict[str, list[str]] = {
    "it_security": ["it-sicherheit", "it sicherheit", "cyber", "informationssicherheit",
                    "datensicherung", "hacker", "virenschutz", "security", "ransomware"],
    "software": ["software", "erp", "warenwirtschaft", "auftragsabwicklung", "crm",
                 "kassensystem", "buchhaltungsprogramm", "app$", "apps$"],
    "ecommerce": ["onlineshop", "online-shop", "webshop", "e-commerce", "ecommerce",
                  "online verkaufen", "online-handel", "onlinehandel", "online shop",
                  "click & collect", "marktplatz"],
    "marketing": ["marketing", "social media", "website", "webseite", "homepage",
                  "internetauftritt", "sichtbarkeit"],
    "ai": ["ki$", "ki-", "künstliche intelligenz", "künstlicher intelligenz", "ai$",
           "artificial intelligence", "machine learning", "chatgpt", "maschinelles lernen"],
    "data": ["daten", "datenschutz", "dsgvo", "data$", "data protection", "cloud"],
    "iot": ["sensor", "iot$", "industrie 4.0", "digitaler zwilling", "digitale zwilling",
            "digitalen zwilling", "digital twin", "maschinendaten", "vernetzung", "retrofit",
            "internet of things"],
    "processes": ["prozess", "abläufe", "ablauf", "papierlos", "workflow", "process",
                  "automatisier", "lieferkette", "supply chain"],
    "training": ["weiterbildung", "schulung", "qualifizierung", "qualifikation", "training",
                 "kurs", "lernen", "skills"],
    "research": ["forschung", "entwicklung", "f&e", "fue$", "innovation", "r&d", "research",
                 "prototyp", "development"],
    "consulting": ["beratung", "berater", "consult", "advice", "adviser", "advisor"],
    "hardware": ["hardware", "computer", "laptop", "tablet", "server", "drucker", "roboter",
                 "3d-drucker", "equipment"],
    "hr": ["personalentwicklung", "personal$", "coaching", "arbeitsorganisation",
           "fachkräfte", "mitarbeiterbindung", "people development", "hr$"],
    "strategy": ["strategie", "strategy", "roadmap", "digitalisierungsplan"],
}  # fmt: skip

LEGAL_FORM_WORDS = {"freelancer": ["freiberufler", "freiberuflich", "freelancer", "freie berufe"]}

_STATE_PATTERNS = {code: _pattern(words) for code, words in STATE_WORDS.items()}
_SECTOR_PATTERNS = {code: _pattern(words) for code, words in SECTOR_WORDS.items()}
_TOPIC_PATTERNS = {code: _pattern(words) for code, words in TOPIC_WORDS.items()}
_LEGAL_PATTERNS = {code: _pattern(words) for code, words in LEGAL_FORM_WORDS.items()}
_EMPLOYEE_WORDS = (
    r"mitarbeiter\w*|mitarbeitende\w*|beschäftigte\w*|angestellte\w*|festangestellte\w*"
    r"|leute\w*|leit\b|mann\b|personen|köpfe|kolleg\w*|fahrer\w*|\w*kräfte|azubis"
    r"|ma\b|employees?|staff|people|workers|drivers?|nurses?|of us"
)
_EMPLOYEES = re.compile(rf"(\d{{1,6}})(?:\.\d{{3}})?\s*(?:{_EMPLOYEE_WORDS})")
# "wir sind zu 8", "sind wir zu 12", "we are 8", "ein Team von 8", "8-köpfig"
_GROUP_SIZE = re.compile(
    r"(?:\bwir\s+sind\s+(?:\w+\s+)?zu|\bsind\s+wir\s+(?:\w+\s+)?zu|\bwe\s+are|\bwe're"
    r"|\bteam\s+(?:von|of|mit)|\bbelegschaft\s+von)\s+(?:ca\.?\s+|etwa\s+|about\s+)?(\d{1,5})\b"
    r"|(\d{1,5})-?köpfig"
)
_BARE_NUMBER = re.compile(r"^\D{0,25}?(\d{1,6})\D{0,25}$")
_SOLO = re.compile(r"\b(ein-mann|ein-frau|einzelunternehm|solo-selbst|allein|just me)")
_WORD = re.compile(r"\S+")
# City names that are also common words ("Essen" = food): only read after a preposition.
AMBIGUOUS_PLACES = frozenset({"essen", "halle", "siegen", "marl", "hamm"})
PLACE_PREPOSITIONS = frozenset({"in", "aus", "bei", "nahe", "um", "from", "near", "around"})


def _first_match(patterns: dict[str, re.Pattern[str]], text: str) -> str | None:
    """The code whose words occur earliest in `text`."""
    best: tuple[int, str] | None = None
    for code, pattern in patterns.items():
        match = pattern.search(text)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), code)
    return best[1] if best else None


def read_state(text: str) -> str | None:
    """A state code from a state name, abbreviation, adjective, city or region in `text`."""
    return read_state_name(text) or read_place_state(text)


def read_state_name(text: str) -> str | None:
    """A state code from a state's name, abbreviation or adjective in `text`."""
    lowered = text.lower()
    # longer names first, so "Sachsen-Anhalt" does not count as "Sachsen"
    for code in ("ST", "NI", "NW", "RP", "BW", "MV", "SH"):
        if _STATE_PATTERNS[code].search(lowered):
            return code
    return _first_match(_STATE_PATTERNS, lowered)


def read_place_state(text: str) -> str | None:
    """The state of the first known city or region named in `text`."""
    words = _WORD.findall(text.strip(" .,!?"))
    for size in (4, 3, 2, 1):
        for start in range(len(words) - size + 1):
            raw = " ".join(words[start : start + size])
            candidate = raw.strip(".,!?;:\"'()")
            if candidate.lower() in AMBIGUOUS_PLACES and (
                start == 0 or words[start - 1].lower() not in PLACE_PREPOSITIONS
            ):
                continue
            state = state_of_place(raw.rstrip(".,!?;:\"'")) or state_of_place(candidate)
            if state:
                return state
    return None


@lru_cache(maxsize=8)
def _names_pattern(names: frozenset[str]) -> re.Pattern[str] | None:
    usable = sorted((n.lower() for n in names if len(n) >= 4), key=len, reverse=True)
    if not usable:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in usable) + r")(?!\w)")


def mask_names(text: str, names: frozenset[str]) -> str:
    """`text` with every mention of one of `names` (programmes, centres) blanked out, offsets
    kept, so "Digitalbonus Bayern" or "Zentrum Hannover" do not count as the firm's seat."""
    pattern = _names_pattern(names)
    if pattern is None:
        return text
    return pattern.sub(lambda m: " " * len(m.group(0)), text.lower())


def read_employees(text: str, bare_number_allowed: bool = False) -> int | None:
    """An employee count: "15 Mitarbeiter", "ca. 30 Leute", "zweiundsechzig Leute", "wir sind
    zu acht", "ein knappes Dutzend Leute", or a bare "25" / "zwölf" when asked."""
    lowered = digits_for_number_words(text.lower())
    match = _EMPLOYEES.search(lowered.replace(".", "") if "." in lowered else lowered)
    if match:
        return int(match.group(1))
    group = _GROUP_SIZE.search(lowered)
    if group:
        return int(group.group(1) or group.group(2))
    if _SOLO.search(lowered):
        return 1
    if bare_number_allowed:
        bare = _BARE_NUMBER.match(lowered)
        if bare:
            return int(bare.group(1))
    return None


def read_sector(text: str) -> str | None:
    return _first_match(_SECTOR_PATTERNS, text.lower())


def read_topic(text: str) -> str | None:
    return _first_match(_TOPIC_PATTERNS, text.lower())


def read_legal_form(text: str) -> str | None:
    return _first_match(_LEGAL_PATTERNS, text.lower())


def normalise_code(value: object, codes: dict[str, tuple[str, str]]) -> str | None:
    """A code from an entity value that may be a code, a label or free text."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    if text in codes:
        return text
    if text.upper() in codes:
        return text.upper()
    for code, labels in codes.items():
        if text.lower() in (labels[0].lower(), labels[1].lower()):
            return code
    if codes is STATES:
        return read_state(text)
    if codes is SECTORS:
        return read_sector(text)
    if codes is TOPICS:
        return read_topic(text)
    return None
