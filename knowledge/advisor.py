"""The advisor's decisions over the knowledge base: which programmes fit a firm, which centre
and cases to show, which programme a question names, and whether a search answer is good enough.
"""

import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from knowledge.eligibility import Failure, eligibility_failures
from knowledge.firm_facts import FirmFacts
from knowledge.models import Case, Centre, Entry, Programme
from knowledge.search import KnowledgeSearch, SearchFilters, SearchHit
from knowledge.status import Status, status_on
from knowledge.text import search_tokens
from knowledge.vocabulary import SECTORS, TOPICS, label

AVAILABLE = (Status.OPEN, Status.ENDING_SOON)
# An answer from free search is given only when the best hit is this similar to the question
# (multilingual-e5-small cosine). Calibrated on the 103 labelled search queries and 20
# out-of-scope questions: at 0.83, 89 % of correct in-scope hits pass and 1 in 20 off-topic.
# English questions score about 0.03 lower against the mostly German entry texts: at 0.83 only
# 23 of the 31 correct English top hits passed (the lowest 0.795), at 0.80 30 of 31 do, while
# English off-topic questions stay below 0.79.
CONFIDENT_SIMILARITY = {"de": 0.83, "en": 0.80}


@dataclass(frozen=True)
class Reason:
    """Why a programme fits, as data: `code` (the actions word it as `reason.<code>` from the
    message catalogue) and the `values` the wording needs (codes of topics, sectors, states;
    numbers)."""

    code: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Recommendation:
    programme: Programme
    status: Status
    reasons: list[Reason] = field(default_factory=list)


def _project_query(facts: FirmFacts, request: str | None) -> str:
    parts = [request or ""]
    if facts.topic:
        parts.append(label(TOPICS, facts.topic, "de"))
    if facts.sector:
        parts.append(label(SECTORS, facts.sector, "de"))
    parts.append("Förderung Digitalisierung")
    return " ".join(p for p in parts if p)


def _reasons(programme: Programme, facts: FirmFacts) -> list[Reason]:
    reasons = []
    if facts.topic and facts.topic in programme.topics:
        reasons.append(Reason("topic", {"topic": facts.topic}))
    if facts.sector and facts.sector in programme.sectors:
        reasons.append(Reason("sector", {"sector": facts.sector}))
    if facts.state and facts.state in programme.states:
        reasons.append(Reason("state", {"state": facts.state}))
    elif not programme.states:
        reasons.append(Reason("nationwide"))
    if facts.employees is not None and programme.max_employees is not None:
        limit = {"limit": programme.max_employees, "employees": facts.employees}
        reasons.append(Reason("employees", limit))
    return reasons


LOAN_WORDS = re.compile(r"\b(kredit|darlehen|loan|finanzierung)", re.IGNORECASE)
# What kind of project a request is about (see `Programme.project_kinds`).
KIND_WORDS = {
    "research": re.compile(
        r"\b(forschung|entwick|f\s*&\s*e|prototyp|neues produkt|research|develop|r\s*&\s*d)",
        re.IGNORECASE,
    ),
    "consulting": re.compile(r"\b(beratung|berater|consult|advice|adviser)", re.IGNORECASE),
    "training": re.compile(
        r"\b(schulung|weiterbildung|qualifizier|training|course)", re.IGNORECASE
    ),
    "loan": LOAN_WORDS,
}
KIND_OF_TOPIC = {"research": "research", "consulting": "consulting", "training": "training"}
COMPATIBLE_WITH_ANY = "free_support"


def wanted_project_kinds(facts: FirmFacts, request: str | None) -> set[str]:
    """The kinds of project the firm asks about: R&D, consulting, training, a loan – and by
    default an investment (buying or introducing hardware or software)."""
    kinds = {kind for kind, words in KIND_WORDS.items() if words.search(request or "")}
    if facts.topic in KIND_OF_TOPIC:
        kinds.add(KIND_OF_TOPIC[facts.topic])
    if not kinds - {"loan"}:
        kinds.add("investment")
    return kinds


def fits_project(programme: Programme, wanted: AbstractSet[str]) -> bool:
    """Whether the programme pays for this kind of project (programmes whose kinds are not
    recorded, and free support, fit any)."""
    kinds = set(programme.project_kinds)
    return not kinds or COMPATIBLE_WITH_ANY in kinds or bool(kinds & wanted)


FUNDING_TYPE_BONUS = {"grant": 0.5, "free_support": 0.3, "consulting": 0.3, "loan": 0.0, "tax": 0.0}


def _funding_type_bonus(programme: Programme, request: str) -> float:
    if LOAN_WORDS.search(request):
        return 1.0 if programme.funding_type == "loan" else 0.0
    return FUNDING_TYPE_BONUS[programme.funding_type]


def recommend_programmes(
    search: KnowledgeSearch, facts: FirmFacts, request: str | None, day: date
) -> list[Recommendation]:
    """Open programmes the firm is eligible for, best fit first (state programmes only when the
    firm's state is known).

    Programmes that pay for another kind of project (R&D funding for buying software) are left
    out. Score: 2 for a matching topic, 1 for a programme of the firm's own state, 0.5 for one
    made for the firm's sector, up to 1 for the kind of funding asked for (grants first unless a
    loan is asked for), plus the programme's relevance to the request from hybrid search
    (between 0 and 1).
    """
    hits = search.search(
        _project_query(facts, request),
        SearchFilters(kinds=("programme",), statuses=AVAILABLE),
        limit=len(search.entries),
        day=day,
    )
    wanted = wanted_project_kinds(facts, request)
    scored = []
    for rank, hit in enumerate(hits):
        programme = hit.entry
        assert isinstance(programme, Programme)
        if eligibility_failures(programme, facts) or not fits_project(programme, wanted):
            continue
        if programme.states and not facts.state:
            continue  # a state programme is only shown once the firm's state is known
        score = 1.0 / (1 + rank / 3)
        if facts.topic and facts.topic in programme.topics:
            score += 2
        if facts.state and facts.state in programme.states:
            score += 1
        if facts.sector and facts.sector in programme.sectors:
            score += 0.5
        score += _funding_type_bonus(programme, request or "")
        scored.append((score, hit))
    scored.sort(key=lambda item: item[0], reverse=True)
    return [
        Recommendation(
            programme=hit.entry,  # type: ignore[arg-type]
            status=hit.status,
            reasons=_reasons(hit.entry, facts),  # type: ignore[arg-type]
        )
        for _, hit in scored
    ]


def nationwide_preview(
    search: KnowledgeSearch, facts: FirmFacts, request: str | None, day: date, limit: int = 3
) -> list[Recommendation]:
    """Nationwide programmes for the firm's topic, shown before the state is known."""
    nationwide = FirmFacts(
        employees=facts.employees, sector=facts.sector, topic=facts.topic,
        legal_form=facts.legal_form,
    )  # fmt: skip
    found = recommend_programmes(search, nationwide, request, day)
    return [r for r in found if not r.programme.states][:limit]


def find_centres(
    search: KnowledgeSearch, facts: FirmFacts, request: str, day: date, limit: int = 3
) -> list[SearchHit]:
    """Mittelstand-Digital Zentren, best first: usable before ended, the firm's region before
    its sector or topic, single centres before the network entries, then search relevance.
    A centre that serves only other states is never offered once the firm's state is known."""
    hits = [
        hit
        for hit in search.search(request, SearchFilters(kinds=("centre",)), limit=100, day=day)
        if serves_state(hit.entry, facts.state)
    ]
    order = {hit.entry.id: position for position, hit in enumerate(hits)}

    def rank(hit: SearchHit) -> tuple[int, int, int, int]:
        centre = hit.entry
        assert isinstance(centre, Centre)
        regional = bool(facts.state and facts.state in centre.states)
        thematic = bool(
            (facts.sector and facts.sector in centre.sectors)
            or (facts.topic and facts.topic in centre.themes)
        )
        return (
            hit.status is Status.ENDED,
            -(2 * regional + thematic),
            centre.centre_type == "network",
            order[centre.id],
        )

    return sorted(hits, key=rank)[:limit]


def serves_state(centre: Entry, state: str | None) -> bool:
    """Whether a centre helps firms of `state`: centres for all states always do."""
    assert isinstance(centre, Centre)
    return not state or not centre.states or state in centre.states


def find_cases(
    search: KnowledgeSearch, facts: FirmFacts, request: str, day: date, limit: int = 2
) -> list[SearchHit]:
    """Best-practice cases like the user's firm: same sector first, then similar topic."""
    hits = search.search(request, SearchFilters(kinds=("case",)), limit=100, day=day)

    def rank(hit: SearchHit) -> tuple[int, int]:
        case = hit.entry
        assert isinstance(case, Case)
        same_sector = bool(facts.sector and case.sector == facts.sector)
        same_topic = bool(facts.topic and facts.topic in case.topics)
        return (-(2 * same_sector + same_topic), hits.index(hit))

    return sorted(hits, key=rank)[:limit]


def _contains_phrase(words: list[str], phrase: list[str]) -> bool:
    size = len(phrase)
    return any(words[i : i + size] == phrase for i in range(len(words) - size + 1))


def named_entries(
    search: KnowledgeSearch, text: str, kind: str, day: date, state: str | None = None
) -> list[Entry]:
    """Entries of `kind` whose name or an alias appears in `text` as a phrase of word stems, so
    "BAFA-Förderung für Unternehmensberatungen" finds "BAFA-Förderung Unternehmensberatung".

    The most specific match (most words) comes first; among equals, entries for the firm's
    `state`, then usable entries.
    """
    words = search_tokens(text)
    found: list[tuple[int, bool, bool, Entry]] = []
    for entry in search.entries.values():
        if entry.kind != kind:
            continue
        best = 0
        for name in (entry.title, *entry.aliases):
            phrase = search_tokens(name)
            specific = bool(phrase) and (len(phrase) > 1 or len(phrase[0]) >= 3)
            if specific and _contains_phrase(words, phrase):
                best = max(best, len(phrase))
        if best:
            in_state = bool(state and state in getattr(entry, "states", []))
            found.append((best, in_state, status_on(entry, day).is_available, entry))
    found.sort(key=lambda item: item[:3], reverse=True)
    return [item[3] for item in found]


def alternatives_for(
    search: KnowledgeSearch, programme: Programme, facts: FirmFacts, day: date, limit: int = 2
) -> list[Recommendation]:
    """Open programmes to look at instead of `programme` (its successor first)."""
    picks: list[Recommendation] = []
    successor = search.get(programme.successor) if programme.successor else None
    if (
        isinstance(successor, Programme)
        and status_on(successor, day).is_available
        and not eligibility_failures(successor, facts)
    ):
        picks.append(Recommendation(successor, status_on(successor, day)))
    topic = facts.topic or (programme.topics[0] if programme.topics else None)
    similar = recommend_programmes(
        search,
        FirmFacts(
            state=facts.state, employees=facts.employees, sector=facts.sector, topic=topic,
            legal_form=facts.legal_form,
        ),
        programme.summary_de,
        day,
    )  # fmt: skip
    same_kind = set(programme.project_kinds)
    if same_kind:
        similar = [r for r in similar if fits_project(r.programme, same_kind)]
    for recommendation in similar:
        if len(picks) >= limit:
            break
        if recommendation.programme.id not in {p.programme.id for p in picks} | {programme.id}:
            picks.append(recommendation)
    return picks


def confident_answer(hits: list[SearchHit], language: str = "de") -> SearchHit | None:
    """The best hit if it answers the question (asked in `language`) well enough, else None
    (say so honestly)."""
    if not hits:
        return None
    best = hits[0]
    threshold = CONFIDENT_SIMILARITY.get(language, CONFIDENT_SIMILARITY["de"])
    if best.similarity is not None and best.similarity >= threshold:
        return best
    return None


def programme_failures(programme: Programme, facts: FirmFacts) -> list[Failure]:
    return eligibility_failures(programme, facts)
