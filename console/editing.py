"""Changing the knowledge base from the console: the same validation and writer as the command
line (`knowledge.validation.validate_entry`, `KnowledgeBase.edit`, which logs each change),
plus soft delete into the trash.

Every method is blocking (it writes a new database file and embeds the changed entry); call it
from a worker thread.
"""

import threading
import typing
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from console.forms import form_to_data, input_problems, problems_to_errors
from console.messages import GENERAL
from console.trash import Trash
from knowledge.base import KnowledgeBase
from knowledge.content import ContentError, entry_to_data
from knowledge.models import Entry, Kind
from knowledge.status import today
from knowledge.store import entry_hash
from knowledge.validation import validate_entry


class EditError(Exception):
    """A change that was not made; `errors` holds German messages by form field."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(m for messages in errors.values() for m in messages))
        self.errors = errors

    @classmethod
    def general(cls, message: str) -> "EditError":
        return cls({GENERAL: [message]})


def referrers(entries: list[Entry], entry_id: str) -> list[str]:
    """Every entry that points to `entry_id`, as "id (field)"."""
    return [
        f"{entry.id} ({field})"
        for entry in entries
        for field, targets in entry.references().items()
        if entry_id in targets and entry.id != entry_id
    ]


class KnowledgeEditor:
    """One writer for the console: validates, then writes through the knowledge base."""

    def __init__(self, base: KnowledgeBase, trash: Trash) -> None:
        self.base = base
        self.store = base.store
        self.trash = trash
        self._lock = threading.Lock()

    def _validate(
        self,
        kind: Kind,
        data: dict[str, Any],
        source: str,
        form: Mapping[str, str] | None = None,
        errors: dict[str, list[str]] | None = None,
    ) -> Entry:
        """The entry, or EditError with all problems: `errors` found before, the form's input
        problems and the model's."""
        errors = {**(errors or {}), **(input_problems(kind, form) if form is not None else {})}
        try:
            entry = validate_entry(kind, data, self.store, source=source)
        except ContentError as error:
            for field, messages in problems_to_errors(error.problems, data).items():
                errors.setdefault(field, messages)
            raise EditError(errors) from error
        if errors:
            raise EditError(errors)
        return entry

    def _write(self, user: str, action: str, entry: Entry) -> None:
        self.base.edit([entry], [], user=user, action=action)

    def create(self, kind: Kind, form: Mapping[str, str], user: str) -> Entry:
        data = form_to_data(kind, form)
        with self._lock:
            taken = self.store.get(str(data.get("id", ""))) is not None
            clash = {"id": ["Diese ID ist schon vergeben."]} if taken else {}
            entry = self._validate(kind, data, f"console {user}", form, clash)
            self._write(user, "create", entry)
        return entry

    def update(
        self, entry_id: str, form: Mapping[str, str], user: str, expected_hash: str | None
    ) -> Entry | None:
        """Save the edited entry; None if nothing changed."""
        with self._lock:
            current = self._current(entry_id)
            if expected_hash and expected_hash != entry_hash(current):
                raise EditError.general(
                    "Der Eintrag wurde inzwischen geändert. Bitte neu laden und erneut bearbeiten."
                )
            data = {**form_to_data(current.kind, form), "id": entry_id}
            entry = self._validate(current.kind, data, f"console {user}", form)
            before = entry_to_data(current)
            if entry_to_data(entry) == before:
                return None
            self._write(user, "update", entry)
        return entry

    def mark_ended(self, entry_id: str, user: str) -> Entry:
        """End the entry yesterday (as of `today()`): its status becomes "ended"."""
        with self._lock:
            current = self._current(entry_id)
            yesterday = today() - timedelta(days=1)
            if current.valid_until and current.valid_until <= yesterday:
                raise EditError.general(f"Schon beendet: gültig bis {current.valid_until}.")
            before = entry_to_data(current)
            data = {**before, "valid_until": yesterday.isoformat()}
            entry = self._validate(current.kind, data, source=f"console {user}")
            self._write(user, "end", entry)
        return entry

    def soft_delete(self, entry_id: str, user: str) -> int:
        """Remove the entry, keeping its data in the trash; returns the trash item's id."""
        with self._lock:
            current = self._current(entry_id)
            blocking = referrers(self.store.entries(), entry_id)
            if blocking:
                raise EditError.general(
                    "Nicht gelöscht: Andere Einträge verweisen darauf: " + ", ".join(blocking)
                )
            data = entry_to_data(current)
            item_id = self.trash.put(entry_id, current.kind, data, user)
            self.base.edit([], [entry_id], user=user, action="delete")
        return item_id

    def restore(self, item_id: int, user: str) -> Entry:
        """Undo a deletion: re-add the entry from the trash, validated again."""
        with self._lock:
            item = self.trash.get(item_id)
            if item is None or item.restored_at:
                raise EditError.general("Dieser Eintrag ist nicht (mehr) im Papierkorb.")
            if self.store.get(item.entry_id) is not None:
                raise EditError.general(
                    f"Es gibt schon wieder einen Eintrag mit der ID „{item.entry_id}“."
                )
            kind = typing.cast(Kind, item.kind)
            entry = self._validate(kind, dict(item.data), source=f"trash {item_id}")
            self._write(user, "restore", entry)
            self.trash.mark_restored(item_id, user)
        return entry

    def _current(self, entry_id: str) -> Entry:
        entry = self.store.get(entry_id)
        if entry is None:
            raise KeyError(entry_id)
        return entry
