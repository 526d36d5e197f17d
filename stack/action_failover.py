"""Action-server failover inside a Rasa process (installed by `stack/rasa_main.py`).

Rasa's `action_endpoint` takes one URL. In the cluster each Rasa process calls its own action
server first; when that one cannot be reached (connection refused or dropped, or 502/503/504),
the same call goes to the next URL of `ACTION_SERVER_URLS` (comma-separated), and so on. Other
errors (a 4xx, a 500 from a failing action) are not retried: the action may have run. Actions
are read-only queries of the knowledge base, except storing a contact request, which happens
once the action has answered, so a retry after a refused connection cannot store it twice.
"""

import copy
import logging
import os
from typing import Any

logger = logging.getLogger("foerderlotse.action_failover")

RETRY_STATUSES = frozenset({502, 503, 504})


def failover_order(urls: list[str], primary: str) -> list[str]:
    """`urls` starting at `primary` and wrapping around (`primary` first even if not listed)."""
    if primary not in urls:
        return [primary, *urls]
    start = urls.index(primary)
    return urls[start:] + urls[:start]


def install(urls: list[str] | None = None) -> None:
    """Make Rasa's action calls fail over across `urls` (default: `ACTION_SERVER_URLS`)."""
    if urls is None:
        urls = [u.strip() for u in os.environ.get("ACTION_SERVER_URLS", "").split(",") if u.strip()]
    if len(urls) < 2:
        return
    import aiohttp
    from rasa.utils.endpoints import ClientResponseError, EndpointConfig

    original = EndpointConfig.request

    async def request(self: Any, *args: Any, **kwargs: Any) -> Any:
        if self.url not in urls:
            return await original(self, *args, **kwargs)
        last_error: Exception | None = None
        for index, url in enumerate(failover_order(urls, self.url)):
            endpoint = self if index == 0 else copy.copy(self)
            endpoint.url = url
            try:
                return await original(endpoint, *args, **kwargs)
            except ClientResponseError as error:
                if error.status not in RETRY_STATUSES:
                    raise
                last_error = error
            except aiohttp.ClientConnectionError as error:
                last_error = error
            logger.warning(
                "action server unreachable, trying the next",
                extra={"failed": index + 1, "of": len(urls)},
            )
        assert last_error is not None
        raise last_error

    EndpointConfig.request = request
