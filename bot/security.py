"""HTTP middlewares of the web server: security headers, CORS for allowed embedding sites, and
the Origin check of state-changing API calls."""

from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from aiohttp import web

from bot.api_errors import ApiError, error_response

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def content_security_policy(allowed_origins: tuple[str, ...]) -> str:
    """A policy the chat page satisfies: only its own files, no inline code."""
    ancestors = " ".join(("'self'", *allowed_origins))
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        f"connect-src 'self'; frame-ancestors {ancestors}; base-uri 'none'; "
        "form-action 'self'; object-src 'none'"
    )


def security_headers(allowed_origins: tuple[str, ...]) -> Callable:
    policy = content_security_policy(allowed_origins)

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            response = await handler(request)
        except web.HTTPException as error:
            response = error
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        if isinstance(response, web.HTTPException):
            raise response
        return response

    return middleware


def cors(allowed_origins: tuple[str, ...]) -> Callable:
    """Lets the listed sites call /api/* from their own pages; others get no CORS headers."""

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        origin = request.headers.get("Origin")
        is_api = request.path.startswith("/api/")
        allowed = origin is not None and origin in allowed_origins
        if is_api and request.method == "OPTIONS":
            if not allowed:
                return error_response(request, ApiError(403, "forbidden_origin"))
            response: web.StreamResponse = web.Response(status=204)
        else:
            response = await handler(request)
        if is_api and allowed:
            response.headers["Access-Control-Allow-Origin"] = origin  # type: ignore[assignment]
            response.headers["Access-Control-Allow-Methods"] = "POST, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = "Content-Type, Accept-Language"
            response.headers["Access-Control-Max-Age"] = "600"
            response.headers["Vary"] = "Origin"
        return response

    return middleware


def origin_allowed(request: web.Request, allowed_origins: tuple[str, ...]) -> bool:
    """Whether a state-changing request may come from where its `Origin` header says.

    No `Origin` (curl, servers, same-origin GETs in older browsers): allowed – browsers send
    one on every cross-site POST. Otherwise the origin must be this site's own (same host as
    the request's `Host`) or one of `allowed_origins`; `null` never is.
    """
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    origin = origin.strip().rstrip("/")
    if origin in allowed_origins:
        return True
    try:
        parsed = urlsplit(origin)
    except ValueError:
        return False
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        return False
    return parsed.netloc.lower() == (request.host or "").lower()
