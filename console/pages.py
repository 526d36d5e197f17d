"""Console pages: Jinja2 templates in `console/templates/` (every value autoescaped; no inline
scripts or styles, the CSP forbids them), rendered with the request's links, user and CSRF
token; and the redirect after a POST."""

import json
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path
from typing import Any

from aiohttp import web
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from console.console import SESSION_KEY, console_of
from console.labels import ACTION_LABELS, KIND_LABELS, STATUS_LABELS

TEMPLATES = Path(__file__).parent / "templates"
SHOWN_CHARS = 160
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
NAVIGATION = (
    ("knowledge", "Wissen"),
    ("trash", "Papierkorb"),
    ("audit", "Protokoll"),
    ("insights", "Auswertung"),
    ("privacy", "Datenschutz"),
)


def short(value: Any) -> str:
    """A changed value as text of at most `SHOWN_CHARS` (audit records)."""
    if value is None:
        return "–"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + " …"


def one_decimal(number: float) -> str:
    """A coordinate in SVG."""
    return f"{number:.1f}"


_environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_environment.filters.update(short=short, one_decimal=one_decimal)
_environment.globals.update(
    kind_labels=KIND_LABELS, status_labels=STATUS_LABELS, action_labels=ACTION_LABELS
)


def url(request: web.Request, name: str, query: dict[str, str] | None = None, **parts: str) -> str:
    """The path of a named console route, with the mount prefix."""
    target = request.app.router[name].url_for(**parts)
    return str(target.with_query(query) if query else target)


def render(request: web.Request, template: str, status: int = 200, **context: Any) -> web.Response:
    """The page `template` with `context`; every template also gets `url(name, query, **parts)`,
    the signed-in `user` (or None), the `navigation` and the session's `csrf_token`."""
    session = request[SESSION_KEY]
    html = _environment.get_template(template).render(
        url=partial(url, request),
        user=session.user,
        navigation=NAVIGATION,
        csrf_token=console_of(request).sessions.csrf_token(session),
        **context,
    )
    return web.Response(text=html, content_type="text/html", status=status)


def redirect(location: str) -> web.Response:
    """303 See Other: after a POST the browser loads the result with GET."""
    return web.Response(status=303, headers={"Location": location})
