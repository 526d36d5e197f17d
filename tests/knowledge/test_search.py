"""Hybrid search with the real default embedder, FAISS and FTS5, on a small base."""

import json
from datetime import date
from typing import Any

import pytest

from knowledge.base import KnowledgeBase, LiveKnowledge
from knowledge.cli import main as cli
from knowledge.models import Faq
from knowledge.search import KnowledgeSearch, Mode, SearchFilters, reciprocal_rank_fusion
from knowledge.status import Status


@pytest.fixture
def search(base: KnowledgeBase) -> KnowledgeSearch:
    base.ensure()
    return base.open_search()


def top_ids(hits: list) -> list[str]:
    return [hit.entry.id for hit in hits]


@pytest.mark.parametrize("mode", ["hybrid", "semantic", "lexical"])
def test_each_method_finds_the_obvious_entry(search: KnowledgeSearch, mode: Mode) -> None:
    hits = search.search("Zuschuss IT-Sicherheit Bayern", limit=3, mode=mode)
    assert top_ids(hits)[0] == "digitalbonus-test"


def test_english_question_finds_german_entry(search: KnowledgeSearch) -> None:
    hits = search.search("Who counts as a small or medium-sized enterprise?", limit=1)
    assert top_ids(hits) == ["faq-kmu"]


def test_filters_on_kind_state_sector_topic_and_status(search: KnowledgeSearch) -> None:
    day = date(2026, 11, 24)
    query = "Förderung Digitalisierung"
    centres = search.search(query, SearchFilters(kinds=("centre",)), limit=10, day=day)
    assert top_ids(centres) == ["zentrum-nord"]
    in_hamburg = search.search(query, SearchFilters(state="HH"), limit=10, day=day)
    assert "digitalbonus-test" not in top_ids(in_hamburg)
    assert "forschung-bund" in top_ids(in_hamburg)
    farms = search.search(query, SearchFilters(sector="agriculture"), limit=10, day=day)
    assert "digitalbonus-test" not in top_ids(farms)
    research = search.search(query, SearchFilters(topic="research"), limit=10, day=day)
    assert top_ids(research) == ["forschung-bund"]
    available = SearchFilters(statuses=(Status.OPEN, Status.ENDING_SOON))
    assert "alter-beratungsscheck" not in top_ids(search.search(query, available, 10, day=day))


def test_hits_carry_status_on_the_given_day(search: KnowledgeSearch) -> None:
    [before] = search.search("Digitalzentrum Nord", limit=1, day=date(2026, 11, 24))
    [after] = search.search("Digitalzentrum Nord", limit=1, day=date(2027, 1, 15))
    assert (before.status, after.status) == (Status.ENDING_SOON, Status.ENDED)


def test_vectors_live_in_the_base_and_only_changed_entries_are_embedded(
    base: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    base.ensure()
    snapshot = base.store.snapshot()
    assert (snapshot.embedder, snapshot.vectors.shape) == ("e5-small", (5, 384))
    embedded: list[str] = []
    original = base.embedder.embed_documents

    def recording(texts: list[str]) -> Any:
        embedded.extend(texts)
        return original(texts)

    monkeypatch.setattr(base.embedder, "embed_documents", recording)
    faq = base.store.get("faq-kmu")
    assert isinstance(faq, Faq)
    renamed = faq.model_copy(update={"question_de": "Ab wann ist ein Betrieb mittelständisch?"})
    base.edit([renamed], [], user="test", action="update")
    assert len(embedded) == 1 and "mittelständisch" in embedded[0]
    [hit] = base.open_search().search("mittelständisch Betrieb", limit=1, mode="semantic")
    assert hit.entry.id == "faq-kmu"


def test_a_reader_switches_to_a_new_write_and_an_open_snapshot_stays_whole(
    base: KnowledgeBase,
) -> None:
    base.ensure()
    live = LiveKnowledge(base)
    before = live.search()
    base.edit([], ["zentrum-nord"], user="test", action="delete")
    after = live.search()
    assert "zentrum-nord" in before.entries and "zentrum-nord" not in after.entries
    # the old snapshot still answers from its own file, entries and vectors together
    [hit] = before.search("Digitalzentrum Nord", limit=1)
    assert hit.entry.id == "zentrum-nord"
    assert live.search() is after  # no change, no reload


def test_a_copy_of_the_base_searches_alike(base: KnowledgeBase, tmp_path) -> None:
    with pytest.raises(FileNotFoundError, match="make kb"):
        base.settings.copy_to(tmp_path / "too-early")
    base.ensure()
    copy = base.settings.copy_to(tmp_path / "copy")
    assert copy.db_path == tmp_path / "copy" / "knowledge.db"
    [hit] = KnowledgeBase(copy, base.embedder).open_search().search("Digitalzentrum Nord", limit=1)
    assert hit.entry.id == "zentrum-nord"


def test_search_command_prints_json_hits(
    base: KnowledgeBase, use_cli: None, capsys: pytest.CaptureFixture
) -> None:
    base.ensure()
    assert cli(["search", "Forschung und Entwicklung", "--limit", "2"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits[0]["id"] == "forschung-bund"
    assert set(hits[0]) >= {"id", "kind", "title", "score", "source_url"}


def test_reciprocal_rank_fusion_rewards_agreement() -> None:
    fused = reciprocal_rank_fusion([[("a", 0.9), ("b", 0.8)], [("b", 5.0), ("c", 4.0)]])
    assert [entry_id for entry_id, _ in fused] == ["b", "a", "c"]


def test_shipped_content_finds_the_bavarian_programme(shipped_search: KnowledgeSearch) -> None:
    """Acceptance: `make search Q="Zuschuss IT-Sicherheit Bayern"` lists Digitalbonus Bayern."""
    hits = shipped_search.search("Zuschuss IT-Sicherheit Bayern", limit=3)
    assert "by-digitalbonus-bayern" in top_ids(hits)


def test_a_city_in_the_query_counts_as_its_state(shipped_search: KnowledgeSearch) -> None:
    hits = shipped_search.search("Digitalisierungsförderung für Firmen in Dortmund", limit=3)
    assert any(hit.entry.id.startswith("nw-") for hit in hits)
