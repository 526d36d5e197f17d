"""Bringing a change live: the background index rebuild and the status the pages poll."""

from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient

from bot.admin import AdminSettings, create_admin_app
from bot.admin.live import IndexRefresher, live_status
from knowledge.index import SemanticIndex
from knowledge.store import KnowledgeStore
from tests.admin.conftest import edit_form, sign_in


async def test_status_follows_the_index_rebuild_after_a_change(
    aiohttp_client: Any, admin_settings: AdminSettings
) -> None:
    refresher = IndexRefresher(admin_settings.knowledge)
    root = web.Application()
    root.add_subapp("/admin", create_admin_app(admin_settings, refresher))
    client: TestClient = await aiohttp_client(root)
    await sign_in(client)

    pending = await (await client.get("/admin/api/status")).json()
    assert pending["state"] == "pending" and not pending["live"]  # no index built yet
    refresher.request()
    refresher.join(timeout=120)
    live = await (await client.get("/admin/api/status")).json()
    assert live["live"] and live["index_current"]
    store = KnowledgeStore(admin_settings.knowledge.db_path)
    assert live["content_hash"] == store.meta("content_hash")

    form = await edit_form(client, admin_settings, "digitalbonus-test")
    form["summary_de"] = "Zuschuss für Handwerksbetriebe in Bayern, die eine Software einführen."
    response = await client.post(
        "/admin/knowledge/digitalbonus-test/edit", data=form, allow_redirects=False
    )
    assert response.status == 303
    refresher.join(timeout=120)
    after = await (await client.get("/admin/api/status")).json()
    assert after["live"]
    assert after["content_hash"] == store.meta("content_hash") != live["content_hash"]
    assert SemanticIndex.is_current(
        admin_settings.knowledge.index_dir, store.entries(), admin_settings.knowledge.embedder
    )


def test_status_without_a_knowledge_base(admin_settings: AdminSettings) -> None:
    admin_settings.knowledge.db_path.unlink()
    status = live_status(admin_settings.knowledge, IndexRefresher(admin_settings.knowledge))
    assert status.state == "missing"
    assert "make kb" in status.to_json()["message"]  # type: ignore[operator]
