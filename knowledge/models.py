"""The four kinds of entries and their validation rules (pydantic models).

Every entry carries its source and dates; status is computed from the dates (see status.py).
"""

import typing
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from knowledge.vocabulary import SECTORS, STATES, TOPICS, label

Kind = Literal["programme", "centre", "case", "faq"]
KINDS: tuple[Kind, ...] = ("programme", "centre", "case", "faq")

EntryId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s]+$", max_length=500)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
if TYPE_CHECKING:  # codes from the vocabulary: strings to a type checker, checked at run time
    StateCode = str
    Sector = str
    Topic = str
else:
    StateCode = Literal[tuple(STATES)]
    Sector = Literal[tuple(SECTORS)]
    Topic = Literal[tuple(TOPICS)]
NonNegative = Annotated[int, Field(ge=0)]


class Pause(BaseModel):
    """An editorial pause: budget exhausted, or no applications until a stated date."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    start: date = Field(alias="from")
    until: date | None = None
    note_de: Text | None = None
    note_en: Text | None = None


# The pause flattened to one column a field, as CSV files, the store's tables and the console's
# form have it: `pause_from`, `pause_until`, `pause_note_de`, `pause_note_en`.
PAUSE_PREFIX = "pause_"
PAUSE_KEYS = ("from", "until", "note_de", "note_en")  # as entry data (and YAML) names them
PAUSE_COLUMNS = tuple(PAUSE_PREFIX + key for key in PAUSE_KEYS)


def pause_column(key: str) -> str:
    """The flat column of a pause field: `until` → `pause_until`."""
    return PAUSE_PREFIX + key


def pause_key(column: str) -> str | None:
    """The pause field a flat column stands for (`pause_until` → `until`); None for others."""
    return column.removeprefix(PAUSE_PREFIX) if column.startswith(PAUSE_PREFIX) else None


def flatten_pause(pause: typing.Mapping[str, Any] | None) -> dict[str, Any]:
    """Every pause column with the pause's value for it (None where it has none)."""
    return {pause_column(key): (pause or {}).get(key) for key in PAUSE_KEYS}


def nest_pause(row: typing.Mapping[str, Any]) -> dict[str, Any]:
    """The pause as entry data from the filled pause columns of `row` ({} when none is)."""
    return {key: row[pause_column(key)] for key in PAUSE_KEYS if row.get(pause_column(key))}


class Evidence(BaseModel):
    """A source that confirms the entry's facts for one year (e.g. a 2026 call or guideline)."""

    model_config = ConfigDict(extra="forbid")

    url: Url
    year: Annotated[int, Field(ge=2000, le=2100)]
    checked: date
    note: ShortText | None = None


ProjectKind = Literal["investment", "consulting", "training", "research", "loan", "free_support"]
PROJECT_KINDS: tuple[str, ...] = typing.get_args(ProjectKind)


class Entry(BaseModel):
    """Fields every entry has: identity, source and dates."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    kind: ClassVar[Kind]

    id: EntryId
    source_url: Url
    last_checked: date
    valid_from: date | None = None
    valid_until: date | None = None
    pause: Pause | None = None
    successor: EntryId | None = None
    successor_note_de: Text | None = None
    successor_note_en: Text | None = None
    aliases: list[ShortText] = []
    evidence: list[Evidence] = []

    @property
    def evidence_year(self) -> int | None:
        """The newest year a source confirms this entry for (None: no dated evidence)."""
        return max((item.year for item in self.evidence), default=None)

    @model_validator(mode="after")
    def _dates_in_order(self) -> "Entry":
        if self.valid_from and self.valid_until and self.valid_from > self.valid_until:
            raise ValueError("valid_from must not be after valid_until")
        if self.pause and self.pause.until and self.pause.until < self.pause.start:
            raise ValueError("pause.until must not be before pause.from")
        if self.successor == self.id:
            raise ValueError("an entry cannot be its own successor")
        return self

    @property
    def title(self) -> str:
        raise NotImplementedError

    def title_in(self, language: str) -> str:
        return self.title

    def references(self) -> dict[str, list[str]]:
        """Ids this entry points to, by field name (checked against the whole base)."""
        return {"successor": [self.successor]} if self.successor else {}

    def search_text(self) -> str:
        """All text a search should find this entry by, German and English."""
        raise NotImplementedError

    def embedding_text(self) -> str:
        """The core of the entry for the semantic index: short, so embedding stays fast."""
        raise NotImplementedError


def _labels(codes: dict[str, tuple[str, str]], values: list[str]) -> str:
    return " ".join(f"{label(codes, v, 'de')} {label(codes, v, 'en')}" for v in values)


def _german_labels(codes: dict[str, tuple[str, str]], values: list[str]) -> str:
    return ", ".join(label(codes, v, "de") for v in values)


def _join(*parts: Any) -> str:
    return "\n".join(str(p) for p in parts if p)


class Programme(Entry):
    kind: ClassVar[Kind] = "programme"

    name: ShortText
    funder: ShortText
    level: Literal["federal", "state", "eu"]
    states: list[StateCode] = []
    sectors: list[Sector] = []
    excluded_sectors: list[Sector] = []
    excluded_legal_forms: list[Literal["freelancer", "startup", "public"]] = []
    topics: list[Topic] = []
    project_kinds: list[ProjectKind] = []
    funding_type: Literal["grant", "loan", "consulting", "free_support", "tax"]
    rate_percent: Annotated[float, Field(gt=0, le=100)] | None = None
    max_amount_eur: NonNegative | None = None
    min_amount_eur: NonNegative | None = None
    max_employees: NonNegative | None = None
    max_turnover_eur: NonNegative | None = None
    summary_de: Text
    summary_en: Text | None = None
    eligibility_de: Text | None = None
    eligibility_en: Text | None = None
    how_to_apply_de: Text | None = None
    how_to_apply_en: Text | None = None

    @model_validator(mode="after")
    def _state_level_names_states(self) -> "Programme":
        if self.level == "state" and not self.states:
            raise ValueError("a state programme must name its states")
        if (
            self.min_amount_eur
            and self.max_amount_eur
            and self.min_amount_eur > self.max_amount_eur
        ):
            raise ValueError("min_amount_eur must not exceed max_amount_eur")
        return self

    @property
    def title(self) -> str:
        return self.name

    def search_text(self) -> str:
        return _join(
            self.name, " ".join(self.aliases), self.funder, _labels(STATES, self.states),
            _labels(SECTORS, self.sectors), _labels(TOPICS, self.topics),
            self.summary_de, self.summary_en, self.eligibility_de, self.eligibility_en,
            self.how_to_apply_de, self.how_to_apply_en,
        )  # fmt: skip

    def embedding_text(self) -> str:
        return _join(
            self.name, ", ".join(self.aliases), _german_labels(STATES, self.states),
            _german_labels(TOPICS, self.topics), self.summary_de,
        )  # fmt: skip


class Centre(Entry):
    kind: ClassVar[Kind] = "centre"

    name: ShortText
    centre_type: Literal["regional", "thematic", "network"]
    city: ShortText | None = None
    states: list[StateCode] = []
    themes: list[Topic] = []
    sectors: list[Sector] = []
    summary_de: Text
    summary_en: Text | None = None
    offers_de: Text | None = None
    offers_en: Text | None = None
    website: Url | None = None

    @property
    def title(self) -> str:
        return self.name

    def search_text(self) -> str:
        return _join(
            self.name, " ".join(self.aliases), self.city, _labels(STATES, self.states),
            _labels(TOPICS, self.themes), _labels(SECTORS, self.sectors),
            self.summary_de, self.summary_en, self.offers_de, self.offers_en,
        )  # fmt: skip

    def embedding_text(self) -> str:
        return _join(
            self.name, ", ".join(self.aliases), self.city, _german_labels(STATES, self.states),
            _german_labels(TOPICS, self.themes), _german_labels(SECTORS, self.sectors),
            self.summary_de,
        )  # fmt: skip


def size_class(employees: int) -> Literal["micro", "small", "medium"] | None:
    """The EU size class of a firm by head count (None: 250 or more, no SME)."""
    if employees < 10:
        return "micro"
    if employees < 50:
        return "small"
    if employees < 250:
        return "medium"
    return None


class Case(Entry):
    kind: ClassVar[Kind] = "case"

    title_de: ShortText
    title_en: ShortText | None = None
    firm: ShortText
    sector: Sector
    employees: NonNegative | None = None
    size: Literal["micro", "small", "medium"] | None = None
    state: StateCode | None = None
    city: ShortText | None = None
    topics: list[Topic] = []
    problem_de: Text
    solution_de: Text
    result_de: Text
    problem_en: Text | None = None
    solution_en: Text | None = None
    result_en: Text | None = None
    helped_by: list[EntryId] = []
    published: date | None = None

    @model_validator(mode="after")
    def _firm_is_an_sme(self) -> "Case":
        """Cases show SMEs what firms like them did: a firm of 250 or more is no SME, and a
        size class must fit the head count (EU definition: micro < 10, small < 50, medium < 250)."""
        if self.employees is not None:
            size = size_class(self.employees)
            if size is None:
                raise ValueError(f"a firm with {self.employees} employees is no SME")
            if self.size is not None and self.size != size:
                raise ValueError(f"size {self.size!r} does not fit {self.employees} employees")
        return self

    @property
    def title(self) -> str:
        return self.title_de

    def title_in(self, language: str) -> str:
        return (self.title_en if language == "en" else None) or self.title_de

    def references(self) -> dict[str, list[str]]:
        return {**super().references(), **({"helped_by": self.helped_by} if self.helped_by else {})}

    def search_text(self) -> str:
        return _join(
            self.title_de, self.title_en, self.firm, self.city,
            _labels(STATES, [self.state] if self.state else []), _labels(SECTORS, [self.sector]),
            _labels(TOPICS, self.topics), self.problem_de, self.solution_de, self.result_de,
            self.problem_en, self.solution_en, self.result_en,
        )  # fmt: skip

    def embedding_text(self) -> str:
        return _join(
            self.title_de, self.firm, _german_labels(SECTORS, [self.sector]),
            _german_labels(TOPICS, self.topics), self.problem_de, self.solution_de,
        )  # fmt: skip


class Faq(Entry):
    kind: ClassVar[Kind] = "faq"

    question_de: Text
    answer_de: Text
    question_en: Text | None = None
    answer_en: Text | None = None
    topics: list[Topic] = []
    related: list[EntryId] = []

    @property
    def title(self) -> str:
        return self.question_de

    def title_in(self, language: str) -> str:
        return (self.question_en if language == "en" else None) or self.question_de

    def references(self) -> dict[str, list[str]]:
        return {**super().references(), **({"related": self.related} if self.related else {})}

    def search_text(self) -> str:
        return _join(
            self.question_de, self.question_en, " ".join(self.aliases),
            _labels(TOPICS, self.topics), self.answer_de, self.answer_en,
        )  # fmt: skip

    def embedding_text(self) -> str:
        return _join(self.question_de, self.question_en, ", ".join(self.aliases), self.answer_de)


MODELS: dict[Kind, type[Entry]] = {
    "programme": Programme,
    "centre": Centre,
    "case": Case,
    "faq": Faq,
}

KIND_FOLDERS: dict[str, Kind] = {
    "programmes": "programme",
    "centres": "centre",
    "cases": "case",
    "faqs": "faq",
}
