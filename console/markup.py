"""HTML of the console: the page layout and small helpers. Every value from data or users goes
through `escape`; the page has no inline scripts or styles (the CSP forbids them)."""

from collections.abc import Iterable
from html import escape

from aiohttp import web
from markupsafe import Markup

from console.console import SESSION_KEY, console_of
from console.pages import render


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


def page(request: web.Request, title: str, body: str, status: int = 200) -> web.Response:
    """A complete page: the layout around `body` (HTML)."""
    return render(request, "legacy.html", status, title=title, body=Markup(body))
