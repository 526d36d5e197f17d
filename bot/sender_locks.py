"""One asyncio lock per sender, so a chat turn and an erasure of the same sender never overlap.

An erasure waits for the sender's turn in flight (Rasa saves it when it answers), then deletes;
afterwards the sender is marked erased, so a turn that was waiting behind the erasure cannot
start the conversation again under the erased id.
"""

import asyncio
from collections import OrderedDict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class SenderErased(Exception):
    """The sender's conversation was erased; the id must not be used again."""


class SenderLocks:
    """Per-sender locks (forgotten when unused) and the set of erased senders (bounded)."""

    def __init__(self, max_erased: int = 100_000) -> None:
        self._locks: dict[str, asyncio.Lock] = {}
        self._users: dict[str, int] = {}
        self._erased: OrderedDict[str, None] = OrderedDict()
        self._max_erased = max_erased

    def is_erased(self, sender_id: str) -> bool:
        return sender_id in self._erased

    def mark_erased(self, sender_id: str) -> None:
        self._erased[sender_id] = None
        while len(self._erased) > self._max_erased:
            self._erased.popitem(last=False)

    @asynccontextmanager
    async def hold(self, sender_id: str) -> AsyncIterator[None]:
        """Hold the sender's lock; raises SenderErased if the sender is (or becomes) erased."""
        lock = self._locks.setdefault(sender_id, asyncio.Lock())
        self._users[sender_id] = self._users.get(sender_id, 0) + 1
        try:
            async with lock:
                if self.is_erased(sender_id):
                    raise SenderErased(sender_id)
                yield
        finally:
            self._users[sender_id] -= 1
            if not self._users[sender_id]:
                del self._users[sender_id]
                del self._locks[sender_id]

    def active(self) -> int:
        """How many senders have a lock right now (for tests)."""
        return len(self._locks)
