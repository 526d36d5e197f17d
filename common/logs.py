"""Structured logging: one JSON object per line, with the fields a log reader filters on.

Log calls pass context as `extra={...}`; no message text of users is logged, only ids, sizes
and timings.
"""

import json
import logging
import sys
from datetime import UTC, datetime

from common.settings import load_settings

_STANDARD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
# Libraries whose INFO lines carry URLs with secrets or chat content (httpx logs every Telegram
# Bot API URL, which holds the bot token): only their warnings and errors are kept.
QUIET_LIBRARIES = ("httpx", "httpcore", "telegram", "telegram.ext", "aiohttp.access")


class JsonFormatter(logging.Formatter):
    """Formats a record as a JSON line: time, level, logger, event and any `extra` fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        entry.update(
            {key: value for key, value in vars(record).items() if key not in _STANDARD_ATTRIBUTES}
        )
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(level: str | None = None) -> None:
    """Send JSON log lines to stderr at LOG_LEVEL (default INFO)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel((level or load_settings().log_level).upper())
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
