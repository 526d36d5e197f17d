"""What the services logged during the run: warnings and errors counted by event, so an error
count in the load table can be traced to its cause (read before the data directory goes)."""

import json
from collections import Counter
from pathlib import Path
from typing import Any

WARNING_LEVELS = {"warning", "error", "critical"}


def json_log_events(lines: list[str]) -> dict[str, int]:
    """Warnings and errors of our JSON-line logs, counted by event (and which backend was down)."""
    counts: Counter[str] = Counter()
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if not isinstance(entry, dict) or entry.get("level") not in WARNING_LEVELS:
            continue
        event = str(entry.get("event"))
        health = entry.get("health")
        if isinstance(health, dict):
            down = ",".join(sorted(k for k, ok in health.items() if not ok)) or "none"
            event = f"{event} (down: {down})"
        elif entry.get("reason"):
            event = f"{event} ({str(entry['reason'])[:60]})"
        counts[event] += 1
    return dict(counts)


def plain_log_errors(lines: list[str]) -> int:
    """Lines of a plain-text log (Rasa's) that report an error or a traceback."""
    return sum(" ERROR " in line or line.startswith("Traceback") for line in lines)


def summarize(log_dir: Path) -> dict[str, Any]:
    summary: dict[str, Any] = {}
    for path in sorted(log_dir.glob("*.log")):
        lines = path.read_text(errors="replace").splitlines()
        summary[path.stem] = {
            "lines": len(lines),
            "warnings_by_event": json_log_events(lines),
            "error_lines": plain_log_errors(lines),
        }
    return summary
