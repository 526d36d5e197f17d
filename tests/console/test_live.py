"""Bringing a change live: a save writes the new base file at once, and the status the pages
poll names the version the chat answers from."""

from aiohttp.test_utils import TestClient

from console import AdminSettings
from console.live import live_status
from knowledge.base import KnowledgeBase, LiveKnowledge
from knowledge.store import KnowledgeStore
from tests.console.conftest import edit_form


async def test_a_saved_change_is_live_for_readers_at_once(
    signed_in: TestClient, admin_settings: AdminSettings
) -> None:
    reader = LiveKnowledge(KnowledgeBase(admin_settings.knowledge))
    assert "Handwerksbetriebe" not in reader.search().entries["digitalbonus-test"].summary_de  # type: ignore[attr-defined]
    before = await (await signed_in.get("/admin/api/status")).json()
    assert before["live"]

    form = await edit_form(signed_in, admin_settings, "digitalbonus-test")
    form["summary_de"] = "Zuschuss für Handwerksbetriebe in Bayern, die eine Software einführen."
    response = await signed_in.post(
        "/admin/knowledge/digitalbonus-test/edit", data=form, allow_redirects=False
    )
    assert response.status == 303
    after = await (await signed_in.get("/admin/api/status")).json()
    store = KnowledgeStore(admin_settings.knowledge.db_path)
    assert after["live"]
    assert after["content_hash"] == store.meta("content_hash") != before["content_hash"]
    [hit] = reader.search().search("Handwerksbetriebe Software Bayern", limit=1, mode="semantic")
    assert hit.entry.id == "digitalbonus-test"
    assert "Handwerksbetriebe" in hit.entry.summary_de  # type: ignore[attr-defined]


def test_status_without_a_knowledge_base(admin_settings: AdminSettings) -> None:
    admin_settings.knowledge.db_path.unlink()
    status = live_status(admin_settings.knowledge)
    assert status.state == "missing"
    assert "make kb" in status.to_json()["message"]  # type: ignore[operator]
