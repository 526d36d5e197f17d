"""A sliding-window rate limit kept in memory (one web process)."""

import time
from collections import deque
from collections.abc import Callable


class RateLimiter:
    """Allows at most `limit` events per key within `window_seconds`."""

    def __init__(
        self, limit: int, window_seconds: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window_seconds
        self._clock = clock
        self._events: dict[str, deque[float]] = {}

    def allow(self, key: str) -> bool:
        """Record one event for `key`; False if that would exceed the limit."""
        now = self._clock()
        events = self._events.setdefault(key, deque())
        while events and now - events[0] >= self.window:
            events.popleft()
        if len(events) >= self.limit:
            return False
        events.append(now)
        if len(self._events) > 10_000:
            self._forget_idle(now)
        return True

    def _forget_idle(self, now: float) -> None:
        idle = [k for k, v in self._events.items() if not v or now - v[-1] >= self.window]
        for key in idle:
            del self._events[key]
