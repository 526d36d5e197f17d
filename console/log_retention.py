"""Retention for log files: whole files under the log directory last written before the cutoff
are deleted. The stack starts a new log file at least once a day (`stack/logfiles.py`), so each
file holds about a day and an old file is old throughout."""

from datetime import UTC, datetime, timedelta
from pathlib import Path


def delete_old_logs(log_dir: Path, days: int, now: datetime | None = None) -> int:
    """Delete `*.log` and rotated `*.log.N` files last modified more than `days` days ago."""
    if days < 1:
        raise ValueError("the log retention period must be at least one day")
    if not log_dir.is_dir():
        return 0
    cutoff = ((now or datetime.now(UTC)) - timedelta(days=days)).timestamp()
    removed = 0
    for path in log_dir.iterdir():
        is_log = path.suffix == ".log" or ".log." in path.name
        if is_log and path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
