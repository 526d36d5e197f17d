"""python -m bench [--train] [--quick] [--strict] [--env K=V] [--out FILE] [--repetitions N] …

Starts its own stack on free ports of 127.0.0.1 (a copy of var/knowledge.db and var/index, a
fixed date, raised rate limits), measures end-to-end latency, the parts of one answer, memory,
cold start and index build cost, and a stock Rasa 3.6 assistant under the same load as an
anchor (bench/anchor.py), prints Markdown tables with the goals, and writes bench/results.json.
Nothing of var/ or models/ is changed, except the anchor's model cached in var/anchor/.
"""

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import (
    anchor,
    goals,
    indexing,
    load,
    machine,
    parts,
    report,
    retrieval,
    service_logs,
    stack_run,
    training,
)
from common.logs import configure_logging
from common.settings import load_settings
from knowledge.settings import KnowledgeSettings
from stack.services import Stack
from stack.settings import StackSettings

RESULTS = Path(__file__).resolve().parent / "results.json"
# Users pause 1-3 s between an answer and their next message (quick ones: reading an answer and
# typing take longer); the last level has no pauses, to show the service saturated.
PAUSE = (1.0, 3.0)
LEVELS = (
    load.Level(1, 45, 100, PAUSE),
    load.Level(10, 300, 75, PAUSE),
    load.Level(50, 600, 90, PAUSE),
    load.Level(10, 250, 60),
)
QUICK_LEVELS = (
    load.Level(1, 15, 40, PAUSE),
    load.Level(10, 80, 30, PAUSE),
    load.Level(50, 200, 40, PAUSE),
    load.Level(10, 60, 30),
)


def progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def settle(phase: str, args: argparse.Namespace, results: dict, exclude: set[int] | None = None):
    """Before a phase: wait (bounded) for a quiet machine, and note whether it was."""
    spent = sum(w["waited_seconds"] for w in results["quiet_waits"])
    waited = machine.wait_for_quiet(max(0.0, args.max_wait - spent), exclude)
    results["quiet_waits"].append({"phase": phase, **waited})
    if not waited["quiet"]:
        names = ", ".join(p["program"] for p in waited["still_busy"])
        progress(f"other processes still busy before {phase}: {names}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--train", action="store_true", help="also time `rasa train` (slow)")
    parser.add_argument("--quick", action="store_true", help="smaller budgets, for a smoke run")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a goal is missed")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the JSON")
    parser.add_argument(
        "--max-wait",
        type=float,
        default=60.0,
        help="seconds to wait in all, before the phases, for other processes to leave the CPU",
    )
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="extra environment for the services and in-process parts, e.g. "
        "OMP_WAIT_POLICY=ACTIVE (repeatable), to compare a setting",
    )
    parser.add_argument("--repetitions", type=int, default=200, help="repetitions per part")
    parser.add_argument(
        "--sizes",
        default=",".join(str(s) for s in indexing.SYNTHETIC_SIZES),
        help="synthetic base sizes, comma-separated",
    )
    return parser.parse_args(argv)


async def measure_stack(stack: Stack, args: argparse.Namespace, results: dict[str, Any]) -> None:
    """Everything measured through the running services."""
    settings = stack.settings
    url = f"http://127.0.0.1:{settings.web_port}"
    progress("warm-up conversations")
    warm = await load.warm_up(url)
    results["warmup"] = {
        "first_request_ms": round(warm[0].seconds * 1000, 1) if warm else None,
        "requests": len(warm),
        "errors": sum(not s.ok for s in warm),
    }
    reps = args.repetitions
    ours = {pid for service in stack.services for pid in stack_run.service_pids(service)}
    await asyncio.to_thread(settle, "parts over HTTP", args, results, ours)
    progress(f"parts over HTTP ({reps} repetitions each)")
    questions = retrieval.labelled_queries()
    token = stack.rasa_auth_token
    results["parts"]["nlu_parse"] = await parts.nlu_parse(settings.rasa_port, token, reps)
    results["parts"]["action_server"] = await parts.action_server(
        settings.action_port, questions, reps, stack.action_server_token
    )
    results["parts"].update(
        await parts.single_turns(settings.rasa_port, settings.web_port, max(10, reps // 4))
    )
    for level in QUICK_LEVELS if args.quick else LEVELS:
        await asyncio.to_thread(settle, f"load c{level.label}", args, results, ours)
        pauses = (
            "pauses {:.0f}-{:.0f} s".format(*level.pause_seconds) if level.paused else "no pauses"
        )
        progress(
            f"load: {level.concurrency} concurrent conversations, {pauses} "
            f"(at most {level.max_requests} requests or {level.max_seconds:.0f} s)"
        )
        summary, busy = await asyncio.gather(
            stack_run.measured_level(stack, url, level),
            asyncio.to_thread(machine.contention, f"load c{level.label}", ours),
        )
        results["load"].append(summary)
        results["contention"].append(busy)


def measure_in_process(args: argparse.Namespace, knowledge: KnowledgeSettings, results: dict):
    from knowledge.base import KnowledgeBase  # loads the embedder: only after the stack is down

    settle("in-process parts", args, results)
    results["contention"].append(machine.contention("in-process parts"))
    progress("in-process parts: embedding, FAISS, FTS, fusion")
    search = KnowledgeBase(knowledge).open_search()
    queries = retrieval.labelled_queries()
    results["parts"]["in_process"] = parts.in_process(search, queries, args.repetitions)
    progress("retrieval side by side: hybrid, semantic, lexical")
    results["retrieval"] = retrieval.compare_modes(search)
    results["retrieval"]["response_selector"] = retrieval.response_selector_status(
        results["settings"]["model_path"]
    )
    settle("index build", args, results)
    progress("index build: real content")
    content_dir = load_settings().knowledge_content_dir
    results["index_real"] = indexing.real_content(content_dir, search.embedder)
    sizes = tuple(int(s) for s in args.sizes.split(",") if s.strip())
    progress(f"index build: synthetic bases {sizes}")
    rate = results["index_real"]["embedding_entries_per_second"]
    results["index_synthetic"] = indexing.synthetic(sizes, rate)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    configure_logging("WARNING")
    started = time.monotonic()
    configured = load_settings()
    source = KnowledgeSettings.from_settings(configured)
    anchor_models = StackSettings.from_settings(configured).data_dir / "anchor"  # kept between runs
    data_dir = Path(tempfile.mkdtemp(prefix="foerderlotse-bench-"))
    try:
        try:
            knowledge = source.seed_in(data_dir)  # the shipped content, not a local base
        except FileNotFoundError as missing:
            raise SystemExit(str(missing)) from missing
        stack_run.bench_environment(data_dir)
        extra_env = dict(item.split("=", 1) for item in args.env)
        os.environ.update(extra_env)
        settings = stack_run.bench_settings(data_dir)
        results: dict[str, Any] = {
            "machine": machine.machine_info(settings),
            "settings": {
                "today": stack_run.TODAY,
                "repetitions": args.repetitions,
                "quick": args.quick,
                "extra_env": extra_env,
                "ports": [settings.rasa_port, settings.action_port, settings.web_port],
                "model_path": settings.model_path,
            },
            "contention": [machine.contention("start")],
            "quiet_waits": [],
            "parts": {},
            "load": [],
            "model": training.model_info(settings.model_path),
        }
        stack = Stack(settings)
        settle("cold start", args, results)
        progress(f"starting the stack on ports {results['settings']['ports']} (cold start)")
        cold = stack_run.start_timed(stack)
        results["cold_start"] = vars(cold)
        try:
            asyncio.run(measure_stack(stack, args, results))
            results["memory"] = stack_run.peak_memory(stack)
        finally:
            progress("stopping the stack")
            stack.stop()
            results["service_logs"] = service_logs.summarize(settings.log_dir)
        settle("anchor", args, results)
        progress("anchor: a stock Rasa 3.6 assistant (moodbot) under the same load")
        levels = QUICK_LEVELS if args.quick else LEVELS
        results["anchor"] = anchor.run(settings, data_dir / "anchor", anchor_models, levels)
        results["anchor"].update(anchor.ratios(results["load"], results["anchor"].get("load", [])))
        measure_in_process(args, knowledge, results)
        if args.train:
            progress("rasa train (fresh cache, temporary output)")
            results["training"] = training.timed_training(settings)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    results["settings"]["model_path"] = str(results["settings"]["model_path"])
    results["run_seconds"] = round(time.monotonic() - started, 1)
    evaluated = goals.evaluate(results)
    print(report.render(results, evaluated))
    print(f"\n(run took {results['run_seconds']:.0f} s; JSON in {args.out})")
    report.write_json(args.out, results, evaluated)
    missed = any(g.passed is False for g in evaluated)
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
