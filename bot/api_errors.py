"""The public API's errors: one JSON body for every refusal, and a strict JSON body reader.

Every refusal answers `{"error": {"code": "…", "message": "…"}}` with the message in German or
English (`service.<code>` in `messages/catalogue.yaml`). `read_json_body` turns any malformed
body – wrong content type or charset, broken compression, invalid UTF-8, invalid or too deeply
nested JSON, too large – into an `ApiError` with a 4xx status, never an exception that would
become a 500.
"""

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from messages import text

logger = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
JSON_TYPES = ("application/json",)
API_PREFIXES = ("/api/", "/healthz", "/telegram/")
BODY_READ_SECONDS = 10.0  # a body not received within this time ends the request (slow clients)


class ApiError(Exception):
    """A request the API refuses: HTTP status, text key and the values for the message."""

    def __init__(self, status: int, key: str, close: bool = False, **values: object) -> None:
        super().__init__(key)
        self.status = status
        self.key = key
        self.values = values
        self.close = close  # end the connection after answering (the body was not read)


def language_from_header(accept_language: str | None) -> str:
    """Pick "en" when the client's first choice is English, otherwise German."""
    if accept_language and accept_language.strip().lower().startswith("en"):
        return "en"
    return "de"


def request_language(request: web.Request, preferred: str | None = None) -> str:
    """The language of the API's own messages: `preferred` if given, else Accept-Language."""
    if preferred in ("de", "en"):
        return preferred
    return language_from_header(request.headers.get("Accept-Language"))


def error_response(
    request: web.Request,
    error: ApiError,
    language: str | None = None,
    headers: dict[str, str] | None = None,
) -> web.Response:
    """The documented error body for `error`, in the request's language."""
    message = text(f"service.{error.key}", request_language(request, language), **error.values)
    response = web.json_response(
        {"error": {"code": error.key, "message": message}}, status=error.status, headers=headers
    )
    if error.close:
        response.force_close()
    return response


def is_json_content_type(request: web.Request) -> bool:
    """True for `application/json`, with no charset or UTF-8 (JSON is UTF-8, RFC 8259)."""
    if request.content_type not in JSON_TYPES:
        return False
    charset = request.charset
    return charset is None or charset.lower().replace("_", "-") in ("utf-8", "utf8")


def parse_json_bytes(raw: bytes) -> Any:
    """Decode a UTF-8 JSON document; ApiError 400 `invalid_json` for anything else."""
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise ApiError(400, "invalid_json") from error


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


async def read_json_body(request: web.Request, max_message_chars: int = 2000) -> Any:
    """The request's JSON body; ApiError 415 (not JSON), 413 (too large), 408 (body not sent
    within BODY_READ_SECONDS) or 400 (malformed)."""
    if not is_json_content_type(request):
        raise ApiError(415, "unsupported_media_type")
    try:
        async with asyncio.timeout(BODY_READ_SECONDS):
            raw = await request.read()
    except TimeoutError as error:
        # A client that sends its body too slowly holds a connection: end it politely.
        request.content.feed_eof()
        raise ApiError(408, "request_timeout", close=True) from error
    except web.HTTPRequestEntityTooLarge as error:
        raise ApiError(413, "too_long", limit=max_message_chars) from error
    except (HttpProcessingError, web.RequestPayloadError, ValueError) as error:
        # Broken compression: the rest of the body cannot be read, so aiohttp must not try to
        # drain it (it would log an unhandled exception); the connection ends instead.
        request.content.feed_eof()
        raise ApiError(400, "invalid_json", close=True) from error
    return parse_json_bytes(raw)


def _is_api(path: str) -> bool:
    return path.startswith(API_PREFIXES)


def api_errors() -> Callable:
    """Under /api/, /healthz and /telegram/: 404 and 405 get the documented JSON body, and an
    unexpected exception a JSON 500 (logged by type, never with the request's content)."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not _is_api(request.path):
            return await handler(request)
        try:
            return await handler(request)
        except ApiError as error:
            return error_response(request, error)
        except web.HTTPMethodNotAllowed as error:
            allow = ", ".join(sorted(error.allowed_methods))
            return error_response(
                request, ApiError(405, "method_not_allowed"), headers={"Allow": allow}
            )
        except web.HTTPNotFound:
            return error_response(request, ApiError(404, "not_found"))
        except web.HTTPRequestEntityTooLarge:
            return error_response(request, ApiError(413, "body_too_large"))
        except web.HTTPException:
            raise
        except Exception as error:
            logger.error("api request failed", extra={"error_type": type(error).__name__})
            return error_response(request, ApiError(500, "internal"))

    return middleware
