"""The anchor of `make bench`: a stock Rasa 3.6 assistant under the same load as Förderlotse.

`rasa init`'s moodbot with one custom action (`bench/moodbot/`) is trained once per content
(cached as `<data dir>/anchor/moodbot-<content hash>.tar.gz`), started on free ports with
Rasa's defaults (`rasa run`, in-memory tracker store; `rasa run actions` from Rasa's own
environment) behind the same web API, and driven by the same load generator at the same
user-paced and saturated levels, with smaller budgets. Our p50 and saturated answers/s are then
stated as ratios to the anchor's, measured on the same machine in the same run.
"""

import asyncio
import hashlib
import os
import subprocess
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench import load, stack_run
from stack.services import Service, Stack, service_environment, web_server
from stack.settings import PROJECT_ROOT, StackSettings, isolated

PROJECT = Path(__file__).resolve().parent / "moodbot"
TRAINING_FILES = ("config.yml", "domain.yml", "data/nlu.yml", "data/rules.yml", "data/stories.yml")
TRAIN_TIMEOUT_SECONDS = 1800
# The levels compared: our user-paced and saturated levels with this many conversations.
CONCURRENCY = 10
MAX_REQUESTS = 150
MAX_SECONDS = 45.0


def content_hash(project: Path = PROJECT) -> str:
    """A short hash of the files the anchor model is trained from."""
    digest = hashlib.sha256()
    for name in TRAINING_FILES:
        digest.update(name.encode() + b"\0" + (project / name).read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def model_path(models_dir: Path, project: Path = PROJECT) -> Path:
    return models_dir / f"moodbot-{content_hash(project)}.tar.gz"


def ensure_model(rasa_bin: Path, models_dir: Path) -> tuple[Path, float | None]:
    """The trained anchor model and the seconds training took now (None: it was cached)."""
    path = model_path(models_dir)
    if path.exists():
        return path, None
    models_dir.mkdir(parents=True, exist_ok=True)
    command = [
        str(rasa_bin), "train", "--config", str(PROJECT / "config.yml"),
        "--domain", str(PROJECT / "domain.yml"), "--data", str(PROJECT / "data"),
        "--out", str(models_dir), "--fixed-model-name", path.name.removesuffix(".tar.gz"),
    ]  # fmt: skip
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "PYTHONPATH": str(PROJECT_ROOT)}
    start = time.perf_counter()
    completed = subprocess.run(
        command,
        cwd=models_dir,  # Rasa's training cache goes to .rasa/cache here
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=TRAIN_TIMEOUT_SECONDS,
    )
    if completed.returncode != 0 or not path.exists():
        raise RuntimeError(f"training the anchor failed:\n{completed.stdout[-1500:]}")
    return path, round(time.perf_counter() - start, 1)


def anchor_stack(settings: StackSettings) -> Stack:
    """The moodbot's Rasa and action server as `rasa init` runs them, on 127.0.0.1, behind our
    web API (`settings.model_path` is the anchor model)."""
    env = service_environment(settings)
    env["SANIC_HOST"] = "127.0.0.1"  # rasa-sdk's action server listens on all interfaces else
    rasa = str(settings.rasa_bin)
    services = [
        Service(
            name="action-server",
            command=[
                rasa, "run", "actions", "--actions", "bench.moodbot.actions",
                "--port", str(settings.action_port),
            ],
            health_url=f"http://127.0.0.1:{settings.action_port}/health",
            log_path=settings.log_dir / "action-server.log",
            env=env,
        ),
        Service(
            name="rasa",
            command=[
                rasa, "run", "--enable-api", "--interface", "127.0.0.1",
                "--port", str(settings.rasa_port), "--model", str(settings.model_path),
                "--endpoints", str(PROJECT / "endpoints.yml"),
                "--credentials", str(PROJECT / "credentials.yml"),
            ],
            health_url=f"http://127.0.0.1:{settings.rasa_port}/status",
            log_path=settings.log_dir / "rasa.log",
            env=env,
        ),
        web_server(settings, env),
    ]  # fmt: skip
    return Stack(settings, services)


def levels(ours: tuple[load.Level, ...]) -> tuple[load.Level, ...]:
    """Our levels with `CONCURRENCY` conversations (user-paced and saturated), smaller budgets."""
    return tuple(
        replace(
            level,
            max_requests=min(level.max_requests, MAX_REQUESTS),
            max_seconds=min(level.max_seconds, MAX_SECONDS),
        )
        for level in ours
        if level.concurrency == CONCURRENCY
    )


async def measure(stack: Stack, anchor_levels: tuple[load.Level, ...]) -> list[dict[str, Any]]:
    """Warm-up, then each level through the anchor's web API, with each service's CPU."""
    url = f"http://127.0.0.1:{stack.settings.web_port}"
    await load.warm_up(url)
    return [await stack_run.measured_level(stack, url, level) for level in anchor_levels]


def _same_level(
    measured: list[dict[str, Any]], like: dict[str, Any] | None
) -> dict[str, Any] | None:
    """The level of `measured` with the concurrency and pauses of `like`."""
    if like is None:
        return None
    return next(
        (
            level
            for level in measured
            if level["concurrency"] == like["concurrency"]
            and level["pause_seconds"] == like["pause_seconds"]
        ),
        None,
    )


def _ratio(ours: float | None, anchor: float | None) -> float | None:
    return round(ours / anchor, 2) if ours is not None and anchor else None


def _p50(level: dict[str, Any] | None) -> float | None:
    return level["latency"]["p50_ms"] if level else None


def _throughput(level: dict[str, Any] | None) -> float | None:
    return level["throughput_rps"] if level else None


def ratios(ours: list[dict[str, Any]], anchor: list[dict[str, Any]]) -> dict[str, float | None]:
    """Our p50 at the user-paced level and our answers/s at saturation, each divided by the
    anchor's at the same level (p50 ratio above 1: we answer more slowly; throughput ratio
    below 1: we serve fewer answers per second). None where a level is missing."""
    paused = next((level for level in anchor if level["pause_seconds"][1] > 0), None)
    saturated = next((level for level in anchor if level["pause_seconds"][1] == 0), None)
    return {
        "p50_ratio": _ratio(_p50(_same_level(ours, paused)), _p50(paused)),
        "throughput_ratio": _ratio(
            _throughput(_same_level(ours, saturated)), _throughput(saturated)
        ),
    }


def run(
    ours: StackSettings, data_dir: Path, models_dir: Path, our_levels: tuple[load.Level, ...]
) -> dict[str, Any]:
    """Train (unless cached), start and measure the anchor on free ports; stopped afterwards.
    A failure is recorded, not raised: our own figures stand without the anchor."""
    try:
        model, trained_seconds = ensure_model(ours.rasa_bin, models_dir)
        settings = isolated(ours, data_dir, model_path=model)
        stack = anchor_stack(settings)
        started = time.monotonic()
        stack.start()
    except (RuntimeError, OSError, subprocess.SubprocessError) as error:
        return {"error": str(error)[-2000:]}
    try:
        cold_start = round(time.monotonic() - started, 1)
        measured = asyncio.run(measure(stack, levels(our_levels)))
    finally:
        stack.stop()
    return {
        "assistant": "rasa init's moodbot with one custom action (bench/moodbot)",
        "model": {"path": str(model), "trained_seconds": trained_seconds},
        "cold_start_seconds": cold_start,
        "concurrency": CONCURRENCY,
        "load": measured,
    }
