"""Erasure on request: delete what one sender left in Rasa's tracker store, in the event log
(Rasa's event broker) and in the records – on SQLite and on PostgreSQL alike
(`records.conversation_db`, which holds the only SQL that touches Rasa's `events` table)."""

from dataclasses import dataclass
from pathlib import Path

from common.settings import load_settings
from records.conversation_db import ConversationDb, event_log, tracker_store
from records.store import RecordStore


@dataclass(frozen=True)
class Erased:
    """How many rows were deleted for one sender."""

    tracker_events: int
    records: int
    logged_events: int = 0  # the event broker's copy (insights)


def as_db(location: Path | ConversationDb) -> ConversationDb:
    """A SQLite path as a `ConversationDb`; a `ConversationDb` as it is."""
    return location if isinstance(location, ConversationDb) else ConversationDb.sqlite(location)


def delete_tracker_events(sender_id: str, tracker: Path | ConversationDb | None = None) -> int:
    """Delete the sender's conversation from Rasa's tracker store; returns rows removed."""
    return as_db(tracker or tracker_store(load_settings())).delete_sender(sender_id)


def erase_sender(
    sender_id: str,
    tracker: Path | ConversationDb | None = None,
    events: Path | ConversationDb | None = None,
    records_db: Path | None = None,
) -> Erased:
    """Delete the sender's stored conversation, its logged events and its contact requests,
    feedback and questions (each store as configured by the environment unless given)."""
    return Erased(
        tracker_events=delete_tracker_events(sender_id, tracker),
        records=RecordStore(records_db).delete_sender(sender_id),
        logged_events=as_db(events or event_log(load_settings())).delete_sender(sender_id),
    )
