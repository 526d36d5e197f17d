"""Schema migrations of the knowledge base file: each step turns the content read from one
version into the next, keeping every entry and staff edit. The store writes the result as a
new file of the current version (atomically, like any write)."""

from collections.abc import Callable

from knowledge.content import LocatedEntry
from knowledge.store import SCHEMA_VERSION, BaseContent, EntryState, default_file, entry_hash


def _from_v1(content: BaseContent, seed: list[LocatedEntry]) -> None:
    """Version 1 had no import state, vectors or change log (and kept vectors in a separate
    index folder). An entry equal to the shipped file counts as imported from it; one that
    differs, or is missing from the files, counts as a staff edit, so no import overwrites it."""
    shipped = {located.entry.id: located for located in seed}
    next_position = 1 + max((located.position for located in seed), default=0)
    for entry_id, entry in content.entries.items():
        located = shipped.get(entry_id)
        if located is None:
            content.states[entry_id] = EntryState(
                entry.kind, default_file(entry.kind), next_position, None
            )
            next_position += 1
        else:
            content.states[entry_id] = EntryState(
                entry.kind, located.file, located.position, entry_hash(located.entry)
            )
    content.vectors = {}
    content.meta = {}


MIGRATIONS: dict[int, Callable[[BaseContent, list[LocatedEntry]], None]] = {1: _from_v1}


def migrate(content: BaseContent, seed: list[LocatedEntry]) -> None:
    """Bring `content` from its schema version to the current one."""
    version = int(content.meta.get("schema_version", "1"))
    while version < SCHEMA_VERSION:
        MIGRATIONS[version](content, seed)
        version += 1
