"""Runs the rasa-sdk action server (in .venv) so that only Rasa can use it.

- It listens on 127.0.0.1 unless `ACTION_HOST` names another interface (rasa-sdk's own default
  is 0.0.0.0, every interface).
- Request bodies are capped at `ACTION_MAX_BODY_BYTES` (default 4 MiB; Sanic refuses larger
  ones with 413), and so are deflate-compressed bodies after decompression: a small compressed
  body cannot expand into gigabytes.
- With `ACTION_SERVER_TOKEN` set (the stack sets a random one per start), `/webhook` and
  `/actions` answer only requests with `?token=<that token>`, which Rasa sends because
  endpoints.yml names it; `/health` stays open for the supervisor.
- Errors keep their HTTP status (rasa-sdk turns every one into a 500) and never echo the
  request body back.

    python -m stack.actions_main --actions actions --port 5055
"""

import hmac
import logging
import os
import sys
import zlib
from collections.abc import MutableMapping
from functools import partial
from typing import Any

from common.settings import Settings, load_settings

OPEN_PATHS = frozenset({"/health"})

logger = logging.getLogger(__name__)


def configure_environment(env: MutableMapping[str, str], settings: Settings) -> None:
    """Bind address and body cap for Sanic, which reads them from `SANIC_*` variables."""
    env["SANIC_HOST"] = settings.action_host
    env["SANIC_REQUEST_MAX_SIZE"] = str(settings.action_max_body_bytes)


def inflated_within(body: bytes, limit: int) -> bool | None:
    """Whether a deflate body decompresses to at most `limit` bytes; None if it is not deflate.
    Decompresses at most `limit + 1` bytes, however large the output would be."""
    decompressor = zlib.decompressobj()
    try:
        output = decompressor.decompress(body, limit + 1)
    except zlib.error:
        return None
    return len(output) <= limit and not decompressor.unconsumed_tail


def refusal(
    path: str,
    given_token: str | None,
    content_encoding: str | None,
    body: bytes,
    token: str,
    limit: int,
) -> tuple[int, str] | None:
    """Why the action server refuses a request (status and reason), or None to serve it."""
    if path in OPEN_PATHS:
        return None
    if token and not hmac.compare_digest(
        (given_token or "").encode("utf-8", "surrogateescape"), token.encode()
    ):
        return 401, "missing or wrong token"
    if content_encoding == "deflate" and body:
        within = inflated_within(body, limit)
        if within is None:
            return 400, "body is not deflate data"
        if not within:
            return 413, "body too large after decompression"
    return None


def create_guarded_app(action_executor: Any, token: str, limit: int, **kwargs: Any) -> Any:
    """rasa-sdk's app with `refusal` checked before every request (module level: Sanic's
    worker processes import and call it)."""
    from rasa_sdk.endpoint import create_app_for_serve
    from sanic import response
    from sanic.exceptions import SanicException

    app = create_app_for_serve(action_executor, **kwargs)

    async def guard(request: Any) -> Any:
        problem = refusal(
            request.path,
            request.args.get("token"),
            request.headers.get("Content-Encoding"),
            request.body or b"",
            token,
            limit,
        )
        if problem is None:
            return None
        status, reason = problem
        logger.warning("action server request refused", extra={"reason": reason})
        return response.json({"error": reason}, status=status)

    async def error_response(request: Any, error: Exception) -> Any:
        # Replaces rasa-sdk's handler, which answers every exception with 500 and echoes the
        # request body: HTTP errors (413 too large, 404, 405) keep their status, nothing is
        # echoed, and failures are logged by type and path.
        if isinstance(error, SanicException):
            return response.json({"error": str(error)}, status=error.status_code)
        logger.error(
            "action server request failed",
            extra={"path": request.path, "error_type": type(error).__name__},
            exc_info=error,
        )
        return response.json({"error": "action failed"}, status=500)

    app.register_middleware(guard, "request")
    app.error_handler.cached_handlers[(Exception, None)] = error_response
    return app


def run(action_executor: Any, port: int, cors: Any, endpoints: str, settings: Settings) -> None:
    """rasa_sdk.endpoint.run with the guarded app (without TLS, which the stack does not use)."""
    from rasa_sdk import utils
    from sanic import Sanic
    from sanic.worker.loader import AppLoader

    loader = AppLoader(
        factory=partial(
            create_guarded_app,
            action_executor,
            settings.action_server_token,
            settings.action_max_body_bytes,
            cors_origins=cors,
            endpoints=endpoints,
        )
    )
    app = loader.load()
    host = settings.action_host
    logger.info("action server listening", extra={"host": host, "port": port})
    app.prepare(host=host, port=port, workers=utils.number_of_sanic_workers())
    Sanic.serve(primary=app, app_loader=loader)


def main(argv: list[str] | None = None) -> int:
    settings = load_settings()
    configure_environment(os.environ, settings)
    from rasa_sdk import utils
    from rasa_sdk.endpoint import create_argument_parser
    from rasa_sdk.executor import ActionExecutor

    args = create_argument_parser().parse_args(argv)
    if args.ssl_certificate or args.grpc:
        raise SystemExit("stack.actions_main serves plain HTTP on loopback; use rasa_sdk directly")
    utils.configure_colored_logging(args.loglevel)
    utils.update_sanic_log_level()
    executor = ActionExecutor()
    package = args.actions_module or args.actions
    executor.register_package(package)
    if package == "actions":
        from actions.knowledge_access import KNOWLEDGE

        KNOWLEDGE.warm_up()  # load the knowledge base while Rasa starts, not on first question
    run(executor, args.port, args.cors, args.endpoints, settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
