"""The take-away summary: a printable page of the results recommended in one conversation.

The results are the cards the actions sent (see actions/cards.py), read back from the
conversation in Rasa's tracker store through its HTTP API; nothing else is stored for it.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from messages import text

TEMPLATES = Path(__file__).parent / "templates"
KIND_ORDER = ("programme", "centre", "case")


@dataclass(frozen=True)
class SummaryItem:
    """One recommended result and the day it was shown."""

    card: dict[str, Any]
    shown: date


def recommended_cards(events: list[dict[str, Any]]) -> list[SummaryItem]:
    """The cards among a conversation's bot events, each once (its newest version), in order."""
    found: dict[tuple[str, str], SummaryItem] = {}
    for event in events:
        if not isinstance(event, dict) or event.get("event") != "bot":
            continue
        custom = (event.get("data") or {}).get("custom")
        card = custom.get("card") if isinstance(custom, dict) else None
        if not isinstance(card, dict) or card.get("kind") not in KIND_ORDER:
            continue
        if not isinstance(card.get("title"), str) or not isinstance(card.get("id"), str):
            continue
        timestamp = event.get("timestamp")
        shown = (
            datetime.fromtimestamp(timestamp, UTC).date()
            if isinstance(timestamp, int | float)
            else datetime.now(UTC).date()
        )
        key = (card["kind"], card["id"])
        found.pop(key, None)
        found[key] = SummaryItem(card, shown)
    return sorted(found.values(), key=lambda item: KIND_ORDER.index(item.card["kind"]))


def day_text(value: date, language: str) -> str:
    return value.isoformat() if language == "en" else value.strftime("%d.%m.%Y")


def iso_day_text(value: object, language: str) -> str:
    try:
        return day_text(date.fromisoformat(str(value)), language)
    except ValueError:
        return ""


def safe_url(value: object) -> str | None:
    """Only http(s) links become links on the page."""
    return value if isinstance(value, str) and value.startswith(("https://", "http://")) else None


_environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
_environment.globals.update(iso_day_text=iso_day_text, safe_url=safe_url)


def render_summary(items: list[SummaryItem], language: str, today: date) -> str:
    """The summary page as HTML (autoescaped template, no inline code: the CSP forbids it)."""
    language = "en" if language == "en" else "de"
    groups = [
        (
            text(f"summary.heading_{kind}", language),
            [item for item in items if item.card["kind"] == kind],
        )
        for kind in KIND_ORDER
    ]
    return _environment.get_template("summary.html").render(
        language=language,
        t=partial(text, language=language),
        groups=[group for group in groups if group[1]],
        today=day_text(today, language),
        day_text=day_text,
    )


def render_refusal(message: str, language: str) -> str:
    """A polite page for a summary that cannot be shown (unknown id, erased, Rasa down)."""
    language = "en" if language == "en" else "de"
    return _environment.get_template("summary_refused.html").render(
        language=language, t=partial(text, language=language), message=message
    )
