"""Service logs: each service's output is pumped line by line through a redaction filter into a
rotated file: a new file at each start, when it would exceed `LOG_MAX_BYTES` (default 10 MB) and
once a day, keeping `LOG_BACKUPS` (default 5) older files. Daily files let retention
(`python -m console retention`) delete whole files older than `LOG_RETENTION_DAYS`.

The services themselves keep message texts out of their logs (see `common/logs.py` and
`stack/rasa_main.py`); the filter here is the last line of defence for lines printed by
libraries: it blanks the quoted part of any line that announces a user message.
"""

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from common.settings import load_settings

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_BACKUPS = 5
ROTATE_AFTER_SECONDS = 24 * 3600

# Lines of Rasa and its libraries that quote what a user wrote ("… user message 'text' …",
# "… text: 'text' …"): the quoted part is replaced.
_QUOTED_USER_TEXT = re.compile(
    r"""(?ix)
    (?P<key>user\s+message|message|text|utterance)
    (?P<sep>['"]?\s*[=:]?\s*)
    (?P<q>['"])(?P<body>(?:\\.|(?!(?P=q)).)*)(?P=q)
    """
)


def redact(line: str) -> str:
    """`line` with any quoted user text replaced by '<redacted>'."""
    return _QUOTED_USER_TEXT.sub(lambda m: f"{m['key']}{m['sep']}{m['q']}<redacted>{m['q']}", line)


def log_limits() -> tuple[int, int]:
    """(max bytes per file, number of older files kept) from LOG_MAX_BYTES and LOG_BACKUPS."""
    settings = load_settings()
    return settings.log_max_bytes, settings.log_backups


@dataclass
class RotatingLog:
    """A log file that moves to `name.1` (… `name.N`) when it would exceed `max_bytes` or when
    it was begun more than `rotate_after_seconds` ago (for a file from an earlier process: last
    written), so no file spans much more than a day."""

    path: Path
    max_bytes: int = DEFAULT_MAX_BYTES
    backups: int = DEFAULT_BACKUPS
    rotate_after_seconds: float = ROTATE_AFTER_SECONDS
    clock: Callable[[], float] = time.time
    _opened_at: float | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def write(self, data: bytes) -> None:
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            size = self.path.stat().st_size if self.path.exists() else 0
            now = self.clock()
            if self._opened_at is None:
                self._opened_at = self.path.stat().st_mtime if size else now
            too_old = now - self._opened_at >= self.rotate_after_seconds
            if size and (too_old or size + len(data) > self.max_bytes):
                self._rotate()
                self._opened_at = now
            with self.path.open("ab") as file:
                file.write(data)

    def _rotate(self) -> None:
        for number in range(self.backups - 1, 0, -1):
            older = self.path.with_name(f"{self.path.name}.{number}")
            if older.exists():
                older.replace(self.path.with_name(f"{self.path.name}.{number + 1}"))
        if self.backups > 0:
            self.path.replace(self.path.with_name(f"{self.path.name}.1"))
        else:
            self.path.unlink()


def pump(stream: IO[bytes], log: RotatingLog) -> threading.Thread:
    """Copy `stream` (a child's stdout) into `log` line by line, redacted, until it closes."""

    def copy() -> None:
        with stream:
            for raw in iter(stream.readline, b""):
                text = raw.decode("utf-8", errors="replace")
                log.write(redact(text).encode("utf-8"))

    thread = threading.Thread(target=copy, name=f"log-{log.path.name}", daemon=True)
    thread.start()
    return thread
