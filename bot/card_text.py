"""Result cards (actions/cards.py) as short texts for channels that show text and buttons only
(Telegram): a compact summary with the card's facts, and its details for the "Details" button."""

import re
from typing import Any

from messages import text

LINKED_KINDS = ("programme", "centre", "case")
_HTTP_URL = re.compile(r"^https?://\S+$")
STATUS_SIGNS = {"upcoming": "🕑", "open": "✅", "ending_soon": "⏳", "paused": "⏸", "ended": "❌"}


def card_language(card: dict[str, Any]) -> str:
    """The language the card was written in ("en", otherwise German)."""
    return "en" if card.get("language") == "en" else "de"


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def summary_text(card: dict[str, Any]) -> str:
    """Title, terms, status, freshness and why it fits: one short message."""
    language = card_language(card)
    title = _text(card.get("title")) or "…"
    subtitle = _text(card.get("subtitle"))
    lines = [f"**{title}**" + (f" ({subtitle})" if subtitle else "")]
    terms = [_text(card.get(key)) for key in ("funding_kind", "rate", "maximum")]
    if any(terms):
        lines.append(" · ".join(term for term in terms if term))
    if summary := _text(card.get("summary")):
        lines.append(summary)
    status = card.get("status")
    if isinstance(status, dict) and (label := _text(status.get("label"))):
        sign = STATUS_SIGNS.get(str(status.get("code")), "")
        lines.append(f"{sign} {label}".strip())
    if freshness := _text(card.get("freshness")):
        lines.append(freshness)
    fits = [_text(reason) for reason in card.get("fits") or [] if _text(reason)]
    if fits:
        lines.append(f"{text('label.fits', language)}: " + "; ".join(fits))
    return "\n".join(lines)


def details_text(card: dict[str, Any]) -> str:
    """The details behind the card: labelled paragraphs and the source with its check date."""
    language = card_language(card)
    lines = [f"**{_text(card.get('title')) or '…'}**"]
    for detail in card.get("details") or []:
        if isinstance(detail, dict) and _text(detail.get("text")):
            lines.append(f"**{_text(detail.get('label'))}:** {_text(detail.get('text'))}")
    source = _text(card.get("source_url"))
    if source:
        checked = _text(card.get("source_checked"))
        if checked and language == "de":
            checked = ".".join(reversed(checked.split("-")))
        lines.append(
            text("source.line", language, url=source, date=checked)
            if checked
            else f"{text('label.source', language)}: {source}"
        )
    return "\n\n".join(lines)


def link(card: dict[str, Any]) -> tuple[str, str] | None:
    """The title and http(s) address of the card's "Antrag/Quelle" link, if it has one."""
    url = _text(card.get("apply_url")) or _text(card.get("source_url"))
    if not _HTTP_URL.match(url):
        return None
    kind = card.get("kind") if card.get("kind") in LINKED_KINDS else "case"
    return text(f"card.link_{kind}", card_language(card)), url
