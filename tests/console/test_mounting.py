"""The console mounted in the web API's application, as bot/web.py would do it."""

from typing import Any

from aiohttp.test_utils import TestClient

from bot.settings import BotSettings
from bot.web import create_app
from console import AdminSettings, mount_admin
from knowledge.embeddings import QueryCachingEmbedder
from tests.console.conftest import sign_in


async def test_the_console_works_inside_the_web_api(
    aiohttp_client: Any, admin_settings: AdminSettings, embedder: QueryCachingEmbedder
) -> None:
    app = create_app(
        BotSettings(rasa_url="http://127.0.0.1:9", action_server_url="http://127.0.0.1:9")
    )
    mount_admin(app, admin_settings, embedder=embedder)
    client: TestClient = await aiohttp_client(app)

    login = await client.get("/admin/login")
    assert login.status == 200
    policy = login.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'self';" in policy
    assert (await sign_in(client)).status == 303
    assert (await client.get("/admin/knowledge")).status == 200
    home = await client.get("/admin", allow_redirects=False)
    assert (home.status, home.headers["Location"]) == (303, "/admin/")
    chat_page = await client.get("/")
    assert chat_page.status == 200
