"""The advisor's choices on the shipped content: fit, eligibility, status and alternatives."""

from datetime import date

import pytest

from knowledge.advisor import (
    Reason,
    alternatives_for,
    confident_answer,
    find_centres,
    named_entries,
    recommend_programmes,
    wanted_project_kinds,
)
from knowledge.eligibility import eligibility_failures
from knowledge.firm_facts import FirmFacts
from knowledge.models import Programme
from knowledge.search import KnowledgeSearch, SearchHit
from knowledge.status import Status

TODAY = date(2026, 11, 24)
AFTER_YEAR_END = date(2027, 1, 15)


def programme(search: KnowledgeSearch, entry_id: str) -> Programme:
    entry = search.get(entry_id)
    assert isinstance(entry, Programme)
    return entry


def ids(recommendations: list) -> list[str]:
    return [r.programme.id for r in recommendations]


def test_bavarian_electrician_gets_digitalbonus_first(shipped_search: KnowledgeSearch) -> None:
    facts = FirmFacts(state="BY", employees=15, sector="crafts", topic="software")
    found = recommend_programmes(shipped_search, facts, "Software für Auftragsabwicklung", TODAY)
    assert ids(found)[0] == "by-digitalbonus-bayern"
    assert all(r.status.is_available for r in found)
    assert Reason("state", {"state": "BY"}) in found[0].reasons


def test_recommendations_never_include_ended_or_ineligible(
    shipped_search: KnowledgeSearch,
) -> None:
    facts = FirmFacts(state="NW", employees=25, sector="crafts", topic="processes")
    request = "Metallbau in Dortmund, 25 Beschäftigte, wir wollen Prozesse digitalisieren"
    found = recommend_programmes(shipped_search, facts, request, TODAY)
    top = [r.programme for r in found[:3]]
    assert any("NW" in p.states for p in top)  # the firm's own state has a fitting programme
    assert any("crafts" in p.sectors for p in top)  # and so has its sector (the chambers)
    assert "go-digital" not in ids(found)
    assert "nw-mid-invest" not in ids(found)
    assert not any(r.programme.states and "NW" not in r.programme.states for r in found)


@pytest.mark.parametrize(
    ("entry_id", "facts", "condition", "values"),
    [
        ("nw-mid-digitalisierung", FirmFacts(state="HH"), "state", {"states": ["NW"]}),
        ("by-digitalbonus-bayern", FirmFacts(state="BY", employees=60), "employees", {"limit": 49}),
        ("by-digitalbonus-bayern", FirmFacts(sector="agriculture"), "sector_excluded", {}),
        ("by-digitalbonus-bayern", FirmFacts(legal_form="freelancer"), "legal_form", {}),
        ("inqa-coaching", FirmFacts(employees=400), "employees", {"limit": 249}),
        ("zim", FirmFacts(employees=800), "employees", {"limit": 499}),
        (
            "rp-ki4kmu-rlp",
            FirmFacts(state="RP", sector="retail"),
            "sector_only",
            {"sectors": ["manufacturing"]},
        ),
        ("sh-dku-digitalisierung-kleine-unternehmen", FirmFacts(state="BE"), "state", {}),
    ],
)
def test_eligibility_names_the_failing_condition(
    shipped_search: KnowledgeSearch,
    entry_id: str,
    facts: FirmFacts,
    condition: str,
    values: dict,
) -> None:
    failures = eligibility_failures(programme(shipped_search, entry_id), facts)
    assert [f.condition for f in failures] == [condition]
    assert values.items() <= failures[0].values.items()


def test_eligible_firm_has_no_failures(shipped_search: KnowledgeSearch) -> None:
    facts = FirmFacts(state="BY", employees=15, sector="crafts")
    assert eligibility_failures(programme(shipped_search, "by-digitalbonus-bayern"), facts) == []


def test_programme_is_found_by_name_or_alias(shipped_search: KnowledgeSearch) -> None:
    def first(text: str) -> str:
        return named_entries(shipped_search, text, "programme", TODAY)[0].id

    assert first("Läuft Digital Jetzt noch?") == "digital-jetzt"
    assert first("Was war go digital?") == "go-digital"
    assert first("Was ist ZIM?") == "zim"
    assert first("Was ist die BAFA-Förderung für Unternehmensberatungen?") == (
        "bafa-unternehmensberatung"
    )
    assert first("Gibt es den Digitalbonus in Thüringen?") == "th-digitalbonus-thueringen"


def test_ended_programme_gets_current_alternatives(shipped_search: KnowledgeSearch) -> None:
    ended = programme(shipped_search, "go-digital")
    alternatives = alternatives_for(shipped_search, ended, FirmFacts(state="BY"), TODAY)
    assert alternatives
    assert all(a.status.is_available for a in alternatives)
    assert "go-digital" not in ids(alternatives)


def test_centres_end_of_period_is_visible_then_successor(shipped_search: KnowledgeSearch) -> None:
    facts = FirmFacts(state="ST")
    [before] = find_centres(shipped_search, facts, "Zentrum Magdeburg", TODAY, limit=1)
    assert before.entry.id == "mdz-magdeburg"
    assert before.status is Status.ENDING_SOON
    assert before.entry.successor == "mdz-netzwerk-2027"
    after = find_centres(shipped_search, facts, "Zentrum Magdeburg", AFTER_YEAR_END, limit=50)
    usable = [hit for hit in after if hit.status is not Status.ENDED]
    assert [hit.entry.id for hit in usable] == ["mdz-netzwerk-2027"]
    assert all(not hit.entry.states or "ST" in hit.entry.states for hit in after)  # type: ignore[attr-defined]
    assert usable[0].status is Status.OPEN
    assert after[0] == usable[0]


def test_confident_answers_and_honest_misses(shipped_search: KnowledgeSearch) -> None:
    good = shipped_search.search("Wer zählt als KMU?", limit=3)
    answer = confident_answer(good)
    assert answer is not None and answer.entry.id == "faq-kmu-definition"
    nonsense = shipped_search.search("Wie backe ich einen Käsekuchen mit Kirschen?", limit=3)
    assert confident_answer(nonsense) is None


def test_english_questions_have_their_own_threshold(shipped_search: KnowledgeSearch) -> None:
    # English questions score lower against the mostly German entries than German ones do.
    faq = shipped_search.get("faq-eigenanteil")
    assert faq is not None
    hit = SearchHit(entry=faq, score=1.0, status=Status.OPEN, similarity=0.81)
    assert confident_answer([hit], "en") == hit
    assert confident_answer([hit], "de") is None
    nonsense = shipped_search.search("How do I bake a cheesecake with cherries?", limit=3)
    assert confident_answer(nonsense, "en") is None


@pytest.mark.parametrize(
    ("facts", "request_text", "expected"),
    [
        (
            FirmFacts(state="NI", employees=30, sector="care", topic="software"),
            "Unser Pflegedienst will eine Software für die Pflegedokumentation kaufen",
            "pflegeversicherung-digitalisierungszuschuss",
        ),
        (
            FirmFacts(state="NW", employees=40, sector="logistics", topic="software"),
            "Spedition mit 12 LKW, wir brauchen Telematik und Software für die Tachodaten",
            "balm-umweltschutz-und-sicherheit",
        ),
        (
            FirmFacts(state="BY", employees=5, sector="agriculture", topic="hardware"),
            "Milchviehbetrieb, wir wollen einen Melkroboter und Sensoren im Stall anschaffen",
            "by-eif-agrarinvestitionsfoerderprogramm",
        ),
    ],
)
def test_the_seed_sectors_get_the_programmes_made_for_them(
    shipped_search: KnowledgeSearch, facts: FirmFacts, request_text: str, expected: str
) -> None:
    found = recommend_programmes(shipped_search, facts, request_text, TODAY)
    assert expected in ids(found)[:3]
    assert all(
        r.programme.sectors in ([], [facts.sector]) or facts.sector in r.programme.sectors
        for r in found
    )


def test_buying_software_is_not_answered_with_research_funding(
    shipped_search: KnowledgeSearch,
) -> None:
    facts = FirmFacts(state="HE", employees=20, sector="care", topic="software")
    found = recommend_programmes(
        shipped_search, facts, "Wir wollen eine Dokumentationssoftware einführen", TODAY
    )
    kinds = [set(r.programme.project_kinds) for r in found]
    assert found and all(not k or k != {"research"} for k in kinds)
    assert not {"zim", "kmu-innovativ", "forschungszulage"} & set(ids(found))
    research = recommend_programmes(
        shipped_search,
        FirmFacts(employees=20, topic="research"),
        "Wir wollen einen Prototyp für einen Sensor entwickeln, Forschung und Entwicklung",
        TODAY,
    )
    assert "zim" in ids(research)[:5]


def test_the_kind_of_project_is_read_from_the_request() -> None:
    assert wanted_project_kinds(FirmFacts(topic="ai"), "eine KI-Anwendung entwickeln") == {
        "research"
    }
    assert wanted_project_kinds(FirmFacts(topic="software"), "Software einführen") == {"investment"}
    assert wanted_project_kinds(FirmFacts(), "ein Kredit für neue Rechner") == {
        "loan",
        "investment",
    }
    assert "consulting" in wanted_project_kinds(FirmFacts(), "Beratung zur IT-Sicherheit")
