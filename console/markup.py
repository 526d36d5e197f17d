"""HTML of the console: the page layout and small helpers. Every value from data or users goes
through `escape`; the page has no inline scripts or styles (the CSP forbids them)."""

from collections.abc import Awaitable, Callable, Iterable
from html import escape

from aiohttp import web

from console.console import SESSION_KEY, console_of

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
NAVIGATION = (
    ("knowledge", "Wissen"),
    ("trash", "Papierkorb"),
    ("audit", "Protokoll"),
    ("insights", "Auswertung"),
    ("privacy", "Datenschutz"),
)


def url(request: web.Request, name: str, query: dict[str, str] | None = None, **parts: str) -> str:
    """The path of a named console route, with the mount prefix."""
    target = request.app.router[name].url_for(**parts)
    return str(target.with_query(query) if query else target)


def csrf_input(request: web.Request) -> str:
    token = console_of(request).sessions.csrf_token(request[SESSION_KEY])
    return f'<input type="hidden" name="csrf" value="{escape(token)}">'


def post_button(request: web.Request, action: str, label: str, css: str = "") -> str:
    """A one-button form that POSTs with the CSRF token."""
    return (
        f'<form method="post" action="{escape(action)}" class="inline">{csrf_input(request)}'
        f'<button type="submit" class="{escape(css)}">{escape(label)}</button></form>'
    )


def notice(text: str, kind: str = "info") -> str:
    role = "alert" if kind == "error" else "status"
    return f'<div class="notice {escape(kind)}" role="{role}">{text}</div>'


def table(
    headers: Iterable[str], rows: Iterable[Iterable[str]], empty: str = "Keine Einträge."
) -> str:
    """A table of already escaped cells."""
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    if not body:
        return f'<p class="empty">{escape(empty)}</p>'
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _static(request: web.Request, filename: str) -> str:
    return url(request, "static", filename=filename)


def page(request: web.Request, title: str, body: str, status: int = 200) -> web.Response:
    """A complete page: navigation and live status when signed in, then `body` (HTML)."""
    user = request[SESSION_KEY].user
    header = ""
    if user:
        links = "".join(
            f'<li><a href="{escape(url(request, name))}">{escape(label)}</a></li>'
            for name, label in NAVIGATION
        )
        header = (
            f'<header><nav aria-label="Verwaltung"><span class="brand">Förderlotse – '
            f'Verwaltung</span><ul>{links}</ul><span class="user">{escape(user)}</span>'
            f"{post_button(request, url(request, 'logout'), 'Abmelden', 'link')}</nav>"
            f'<p id="live-status" class="live-status unknown" role="status" '
            f'data-url="{escape(url(request, "api.status"))}">Status wird geprüft …</p></header>'
        )
    html = (
        '<!doctype html><html lang="de"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} – Förderlotse Verwaltung</title>"
        f'<link rel="stylesheet" href="{escape(_static(request, "admin.css"))}">'
        f'<script src="{escape(_static(request, "admin.js"))}" defer></script>'
        f"</head><body>{header}<main><h1>{escape(title)}</h1>{body}</main></body></html>"
    )
    return web.Response(text=html, content_type="text/html", status=status)


def redirect(location: str) -> web.Response:
    """303 See Other: after a POST the browser loads the result with GET."""
    return web.Response(status=303, headers={"Location": location})
