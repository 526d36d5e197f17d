"""Reading what a turn means from Rasa's tracker: language, channel, intent, entities, facts."""

from typing import Any

from rasa_sdk import Tracker

from knowledge.firm_facts import SKIPPED, FirmFacts

TEXT_KEYS = ("text",)


def language(tracker: Tracker) -> str:
    """The conversation's language ("de" or "en"), read once per turn and passed down."""
    return "en" if tracker.get_slot("language") == "en" else "de"


def channel(tracker: Tracker) -> str:
    metadata = tracker.latest_message.get("metadata") or {}
    return str(metadata.get("channel") or "unknown")


def intent(tracker: Tracker) -> str | None:
    return (tracker.latest_message.get("intent") or {}).get("name")


def text(tracker: Tracker) -> str:
    """The latest user text, or "" for button payloads like `/inform{...}`."""
    message = tracker.latest_message.get("text") or ""
    return "" if message.startswith("/") else message


def entity(tracker: Tracker, name: str) -> Any:
    return next(tracker.get_latest_entity_values(name), None)


def _known(value: Any) -> Any:
    return None if value in (None, SKIPPED) else value


def firm_facts(tracker: Tracker) -> FirmFacts:
    """What the user has told us about their firm so far (skipped answers count as unknown)."""
    employees = _known(tracker.get_slot("employees"))
    return FirmFacts(
        state=_known(tracker.get_slot("state")),
        employees=int(employees) if employees is not None else None,
        sector=_known(tracker.get_slot("sector")),
        topic=_known(tracker.get_slot("topic")),
        legal_form=_known(tracker.get_slot("legal_form")),
    )
