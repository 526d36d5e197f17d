"""The benchmark's own stack: a copy of the built knowledge base, free ports on 127.0.0.1, a
fixed date and raised rate limits; cold start to healthy and peak memory of each service."""

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import load
from bench.machine import cpu_ticks
from common.settings import load_settings
from stack.services import Service, Stack
from stack.settings import StackSettings, isolated

TODAY = "2026-11-24"
RAISED_RATE_LIMIT = "1000000"


def bench_environment(data_dir: Path) -> None:
    """Environment the services inherit (Stack copies os.environ when it is created)."""
    os.environ["RATE_LIMIT_PER_IP"] = RAISED_RATE_LIMIT
    os.environ["RATE_LIMIT_PER_SENDER"] = RAISED_RATE_LIMIT
    os.environ["FOERDERLOTSE_TODAY"] = TODAY
    os.environ["FOERDERLOTSE_DATA_DIR"] = str(data_dir)
    os.environ["KNOWLEDGE_DB"] = str(data_dir / "knowledge.db")
    os.environ["RECORDS_DB"] = str(data_dir / "records.db")
    os.environ["RASA_TELEMETRY_ENABLED"] = "false"
    os.environ["HF_HUB_OFFLINE"] = "1"


def bench_settings(data_dir: Path) -> StackSettings:
    defaults = StackSettings.from_settings(load_settings())
    if not defaults.model_path.exists():
        raise SystemExit(f"No trained model at {defaults.model_path}: run `make train` first.")
    return isolated(
        defaults,
        data_dir,
        web_host="127.0.0.1",
        today=TODAY,
        startup_timeout_seconds=240.0,
    )


@dataclass
class ColdStart:
    total_seconds: float = 0.0
    healthy_after: dict[str, float] = field(default_factory=dict)


def _watch_health(services: list[Service], start: float, done: threading.Event) -> dict:
    """Seconds after `start` at which each service first answered its health URL."""
    seen: dict[str, float] = {}

    def poll() -> None:
        while not done.is_set() and len(seen) < len(services):
            for service in services:
                if service.name not in seen and service.is_running() and service.is_healthy():
                    seen[service.name] = round(time.monotonic() - start, 2)
            time.sleep(0.2)

    threading.Thread(target=poll, name="bench-health-watch", daemon=True).start()
    return seen


def start_timed(stack: Stack) -> ColdStart:
    """Stack.start() timed; a watcher notes when each service alone became healthy."""
    done = threading.Event()
    start = time.monotonic()
    seen = _watch_health(stack.services, start, done)
    try:
        stack.start()
    finally:
        total = time.monotonic() - start
        done.set()
    healthy_after = dict(seen)
    for service in stack.services:  # healthy by the time start() returned, between two polls
        healthy_after.setdefault(service.name, round(total, 2))
    return ColdStart(total_seconds=round(total, 2), healthy_after=healthy_after)


def _children(pid: int) -> list[int]:
    """Direct children of `pid` from /proc/<pid>/task/*/children (or a /proc scan)."""
    found: list[int] = []
    task_dir = Path(f"/proc/{pid}/task")
    try:
        for task in task_dir.iterdir():
            text = (task / "children").read_text().split()
            found.extend(int(child) for child in text)
        return found
    except OSError:
        pass
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def process_tree(pid: int) -> list[int]:
    tree, pending = [], [pid]
    while pending:
        current = pending.pop()
        tree.append(current)
        pending.extend(_children(current))
    return tree


def status_kib(status: str, key: str) -> int | None:
    """A 'kB' field (VmHWM, VmRSS) of /proc/<pid>/status text."""
    for line in status.splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1])
    return None


def service_pids(service: Service) -> list[int]:
    return process_tree(service.process.pid) if service.process is not None else []


def cpu_seconds(stack: Stack) -> dict[str, float]:
    """CPU time (user + system) used so far by each service's processes."""
    ticks_per_second = os.sysconf("SC_CLK_TCK")
    used = {}
    for service in stack.services:
        ticks = (cpu_ticks(str(pid)) for pid in service_pids(service))
        used[service.name] = sum(t for t in ticks if t is not None) / ticks_per_second
    return used


def cpu_during(
    before: dict[str, float], after: dict[str, float], wall_seconds: float, answers: int
) -> dict[str, dict[str, float | None]]:
    """Per service: CPU seconds in an interval, cores kept busy, CPU ms per answer."""
    return {
        name: {
            "cpu_seconds": round(after[name] - before.get(name, 0.0), 2),
            "cores_busy": round((after[name] - before.get(name, 0.0)) / wall_seconds, 2)
            if wall_seconds > 0
            else None,
            "cpu_ms_per_answer": round(1000 * (after[name] - before.get(name, 0.0)) / answers, 1)
            if answers
            else None,
        }
        for name in after
    }


async def measured_level(stack: Stack, url: str, level: load.Level) -> dict[str, Any]:
    """One load level through `url` (the stack's web API), with the CPU each service used."""
    before = cpu_seconds(stack)
    outcome = await load.run_level(url, level, level.label)
    summary = outcome.to_json()
    summary["service_cpu"] = cpu_during(
        before, cpu_seconds(stack), outcome.wall_seconds, summary["ok"]
    )
    return summary


def peak_memory(stack: Stack) -> dict[str, Any]:
    """Peak RSS (VmHWM) of each service: its process plus all descendants, in MiB."""
    result: dict[str, Any] = {}
    for service in stack.services:
        if service.process is None:
            continue
        processes = []
        for pid in service_pids(service):
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            processes.append({"pid": pid, "vm_hwm_kib": status_kib(status, "VmHWM") or 0})
        total = sum(p["vm_hwm_kib"] for p in processes)
        result[service.name] = {
            "peak_rss_mib": round(total / 1024, 1),
            "processes": processes,
        }
    result["total_mib"] = round(
        sum(v["peak_rss_mib"] for v in result.values() if isinstance(v, dict)), 1
    )
    return result
