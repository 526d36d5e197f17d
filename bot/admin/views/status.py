"""The JSON status the pages poll: is the changed content live in the chat yet?"""

import asyncio

from aiohttp import web

from bot.admin.console import console_of
from bot.admin.live import live_status


async def status(request: web.Request) -> web.Response:
    console = console_of(request)
    result = await asyncio.to_thread(live_status, console.settings.knowledge, console.refresher)
    return web.json_response(result.to_json())
