"""python -m bench.cluster [--seconds S] [--out FILE] – `make bench-cluster`.

In one run on this machine: the single stack (`make run`: one Rasa process on SQLite) and the
cluster (`make run-cluster`: RASA_PROCESSES Rasa processes on PostgreSQL and Redis, and
ACTION_SERVERS action servers), each at saturation (users without pauses) and under user-paced
load (pauses of 1-3 s), with the CPU per answer of every service; then the fault run on the
cluster (bench/faults.py). Prints `cluster speed-up: X.XX` (saturated answers/s of the cluster
divided by the single stack's) and `lost turns: N`, and writes bench/cluster_results.json.

Bounded: every level stops after `--seconds` (default 20) or its request budget; everything on
127.0.0.1; a PostgreSQL database and a Redis key prefix of its own, dropped at the end.
"""

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import psycopg2

from bench import load, machine, stack_run
from bench.faults import fault_run
from common.logs import configure_logging
from common.settings import load_settings
from knowledge.settings import KnowledgeSettings
from stack.cluster import DEFAULT_DATABASE_URL, Cluster, ClusterSettings, redis_environment
from stack.services import Stack
from stack.settings import free_port

RESULTS = Path(__file__).resolve().parent / "cluster_results.json"
PAUSE = (1.0, 3.0)


def progress(message: str) -> None:
    print(f"[bench-cluster] {message}", file=sys.stderr, flush=True)


def levels(seconds: float) -> dict[str, load.Level]:
    return {
        "saturated": load.Level(12, 2000, seconds),
        "user_paced": load.Level(40, 2000, seconds, PAUSE),
    }


def settle(stack: Stack, label: str, contention: list[dict[str, Any]]) -> None:
    """Wait (at most a minute) for other processes to leave the CPU; note who was busy."""
    ours = {pid for service in stack.services for pid in stack_run.service_pids(service)}
    waited = machine.wait_for_quiet(60.0, ours)
    contention.append(
        {**machine.contention(label, ours), "waited_seconds": waited["waited_seconds"]}
    )


async def measure(stack: Stack, seconds: float, contention: list[dict[str, Any]]) -> dict[str, Any]:
    """Warm-up, then each level with the CPU every service used during it."""
    url = f"http://127.0.0.1:{stack.settings.web_port}"
    await load.warm_up(url)
    measured: dict[str, Any] = {}
    for name, level in levels(seconds).items():
        await asyncio.to_thread(settle, stack, name, contention)
        progress(f"  {name}: {level.label} users, {seconds:.0f} s")
        summary = await stack_run.measured_level(stack, url, level)
        summary["cpu_ms_per_answer_total"] = round(
            sum(v["cpu_ms_per_answer"] or 0 for v in summary["service_cpu"].values()), 1
        )
        measured[name] = summary
    return measured


def _pg(statement: str, url: str) -> None:
    connection = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(statement)
    connection.close()


def drop_redis_prefix(redis_url: str, prefix: str) -> None:
    """Delete the run's lock keys (normally none are left: Rasa deletes released locks)."""
    parts = redis_environment(redis_url, prefix)
    cli = [
        "redis-cli", "-h", parts["CLUSTER_REDIS_HOST"], "-p", parts["CLUSTER_REDIS_PORT"],
        "-n", parts["CLUSTER_REDIS_DB"],
    ]  # fmt: skip
    keys = subprocess.run(
        [*cli, "--scan", "--pattern", f"{prefix}:*"], capture_output=True, text=True, check=False
    ).stdout.split()
    if keys:
        subprocess.run([*cli, "del", *keys], capture_output=True, check=False)


def run(seconds: float, users: int, fault_seconds: float) -> dict[str, Any]:
    configured = load_settings()
    source = KnowledgeSettings.from_settings(configured)
    data_dir = Path(tempfile.mkdtemp(prefix="foerderlotse-bench-cluster-"))
    server = configured.database_url or DEFAULT_DATABASE_URL
    name = f"fl_bench_{uuid.uuid4().hex[:8]}"
    database_url = server.rsplit("/", 1)[0] + f"/{name}"
    prefix = f"flbench{uuid.uuid4().hex[:8]}"
    results: dict[str, Any] = {"machine": {"cpus": os.cpu_count()}, "contention": []}
    try:
        source.copy_to(data_dir / "single")
        source.copy_to(data_dir / "cluster")
        stack_run.bench_environment(data_dir / "single")
        single = stack_run.bench_settings(data_dir / "single")
        progress("single stack (one Rasa on SQLite): starting")
        stack = Stack(single)
        started = time.monotonic()
        stack.start()
        results["single_start_seconds"] = round(time.monotonic() - started, 1)
        try:
            results["single"] = asyncio.run(measure(stack, seconds, results["contention"]))
        finally:
            stack.stop()
        stack_run.bench_environment(data_dir / "cluster")
        base = stack_run.bench_settings(data_dir / "cluster")
        settings = ClusterSettings(
            stack=base,
            rasa_ports=tuple(free_port() for _ in range(configured.rasa_processes)),
            action_ports=tuple(free_port() for _ in range(configured.action_servers)),
            database_url=database_url,
            redis_url=configured.redis_url,
            redis_prefix=prefix,
        )
        progress(
            f"cluster ({len(settings.rasa_ports)} Rasa on PostgreSQL + Redis, "
            f"{len(settings.action_ports)} action servers): starting"
        )
        cluster = Cluster(settings)
        started = time.monotonic()
        cluster.start()
        results["cluster_start_seconds"] = round(time.monotonic() - started, 1)
        try:
            results["cluster"] = asyncio.run(measure(cluster, seconds, results["contention"]))
            progress(f"fault run: {users} users, {fault_seconds:.0f} s, SIGKILL rasa-2 + action-1")
            results["faults"] = fault_run(cluster, users=users, seconds=fault_seconds).to_json()
        finally:
            cluster.stop()
    finally:
        for suffix in ("", "_events"):
            with contextlib.suppress(psycopg2.Error):
                _pg(f'DROP DATABASE IF EXISTS "{name}{suffix}" WITH (FORCE)', database_url)
        drop_redis_prefix(configured.redis_url, prefix)
        shutil.rmtree(data_dir, ignore_errors=True)
    single_rps = results["single"]["saturated"]["throughput_rps"]
    cluster_rps = results["cluster"]["saturated"]["throughput_rps"]
    results["speed_up"] = round(cluster_rps / single_rps, 2) if single_rps else None
    return results


def render(results: dict[str, Any]) -> str:
    lines = [
        "| run | load | answers/s | p50 ms | p95 ms | errors | CPU ms/answer (all) | per service |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for run_name in ("single", "cluster"):
        for summary in results[run_name].values():
            per_service = ", ".join(
                f"{name} {v['cpu_ms_per_answer']}"
                for name, v in summary["service_cpu"].items()
                if v["cpu_ms_per_answer"] is not None
            )
            lines.append(
                f"| {run_name} | {summary['label']} | {summary['throughput_rps']} | "
                f"{summary['latency'].get('p50_ms')} | {summary['latency'].get('p95_ms')} | "
                f"{summary['errors']} | {summary['cpu_ms_per_answer_total']} | {per_service} |"
            )
    faults = results["faults"]
    lines.append("")
    for seen in results.get("contention", []):
        others = ", ".join(
            f"{p['program'][:30]} {p['cpu']}" for p in seen.get("busy_processes", [])
        )
        lines.append(f"other processes at {seen['at']}: {others or 'none'}")
    lines += [
        "",
        f"fault run: {faults['users']} users, {faults['acknowledged_turns']} acknowledged turns, "
        f"killed {', '.join(faults['killed'])}; polite retries {faults['polite_retries']}, "
        f"impolite errors {faults['impolite_errors']} {faults['impolite_kinds'] or ''}; "
        f"users served again after {faults['recovery_seconds_users']} s; processes healthy "
        f"again after {faults['recovery_seconds_processes']} s",
        "",
        f"cluster speed-up: {results['speed_up']:.2f}",
        f"lost turns: {faults['lost_turns']}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.cluster", description=__doc__)
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each load level")
    parser.add_argument("--users", type=int, default=8, help="simulated users of the fault run")
    parser.add_argument("--fault-seconds", type=float, default=30.0, help="length of the fault run")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    configure_logging("WARNING")
    results = run(args.seconds, args.users, args.fault_seconds)
    print(render(results))
    args.out.write_text(json.dumps(results, indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
