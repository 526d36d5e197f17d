"""Validation of one entry changed by staff, shared by the command line and the staff console:
the model's rules plus references to ids that exist in the knowledge base."""

from typing import Any

from knowledge.content import RawEntry, validate_raw
from knowledge.models import Entry, Kind
from knowledge.store import KnowledgeStore


def existing_ids(store: KnowledgeStore) -> set[str]:
    """The ids in the knowledge base (none before it is built)."""
    return {entry.id for entry in store.entries()} if store.exists() else set()


def validate_entry(kind: Kind, data: dict[str, Any], store: KnowledgeStore, source: str) -> Entry:
    """The entry of `kind` from `data`, validated against the model and the ids in `store`;
    raises `knowledge.content.ContentError` with every problem. `source` names where the data
    came from in the problems."""
    raw = RawEntry(file=source, position=0, kind=kind, data=data)
    known = existing_ids(store) - {data.get("id")}
    return validate_raw([raw], known_ids=known)[0]
