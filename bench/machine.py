"""What a run was measured on: CPUs, CPU model, RAM, Python versions, date."""

import os
import platform
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from stack.settings import StackSettings


def cpu_model(cpuinfo: str) -> str:
    """The first 'model name' in /proc/cpuinfo text, or 'unknown'."""
    for line in cpuinfo.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "model name" and value.strip():
            return value.strip()
    return "unknown"


def mem_total_gib(meminfo: str) -> float | None:
    """MemTotal of /proc/meminfo text in GiB."""
    for line in meminfo.splitlines():
        if line.startswith("MemTotal:"):
            return round(int(line.split()[1]) / 1024 / 1024, 1)
    return None


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def _rasa_python_version(settings: StackSettings) -> str | None:
    python = settings.rasa_python
    try:
        result = subprocess.run(
            [str(python), "-c", "import platform; print(platform.python_version())"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip()


def cpu_ticks(pid: str) -> int | None:
    """utime + stime of a process from /proc/<pid>/stat, in clock ticks."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def _program(pid: str) -> str:
    """Program and first arguments of a process, short (no full command lines are kept)."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return "?"
    words = [Path(argv[0].decode(errors="replace")).name] + [
        a.decode(errors="replace") for a in argv[1:4] if a
    ]
    return " ".join(words)[:60]


def busy_processes(
    exclude: set[int], seconds: float = 1.0, threshold: float = 0.15
) -> list[dict[str, Any]]:
    """Other processes using more than `threshold` of a CPU over `seconds` (0.15 = 15 %)."""
    own = {str(os.getpid())} | {str(pid) for pid in exclude}
    before = {p.name: cpu_ticks(p.name) for p in Path("/proc").iterdir() if p.name.isdigit()}
    time.sleep(seconds)
    ticks_per_second = os.sysconf("SC_CLK_TCK")
    busy = []
    for pid, start in before.items():
        end = cpu_ticks(pid)
        if pid in own or start is None or end is None:
            continue
        share = (end - start) / ticks_per_second / seconds
        if share > threshold:
            busy.append({"pid": int(pid), "program": _program(pid), "cpu": round(share, 2)})
    return sorted(busy, key=lambda p: -p["cpu"])


def contention(label: str, exclude: set[int] | None = None) -> dict[str, Any]:
    """Load average and other busy processes (not ours) at one moment of the run."""
    return {
        "at": label,
        "load_average_1min": round(os.getloadavg()[0], 2),
        "busy_processes": busy_processes(exclude or set()),
    }


def wait_for_quiet(max_seconds: float, exclude: set[int] | None = None) -> dict[str, Any]:
    """Wait (at most `max_seconds`) until no other process keeps a CPU busy; say how it went."""
    start = time.monotonic()
    busy = busy_processes(exclude or set())
    while busy and time.monotonic() - start < max_seconds:
        time.sleep(2.0)
        busy = busy_processes(exclude or set())
    return {
        "waited_seconds": round(time.monotonic() - start, 1),
        "quiet": not busy,
        "still_busy": busy,
    }


def machine_info(settings: StackSettings) -> dict[str, Any]:
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)),
        "cpu_model": cpu_model(_read("/proc/cpuinfo")),
        "ram_gib": mem_total_gib(_read("/proc/meminfo")),
        "kernel": platform.release(),
        "python_app": platform.python_version(),
        "python_rasa": _rasa_python_version(settings),
    }
