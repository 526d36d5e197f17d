"""The JSON status the pages poll: which version of the knowledge the chat answers from."""

import asyncio

from aiohttp import web

from console.console import console_of
from console.live import live_status


async def status(request: web.Request) -> web.Response:
    result = await asyncio.to_thread(live_status, console_of(request).settings.knowledge)
    return web.json_response(result.to_json())
