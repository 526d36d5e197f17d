"""Statistics of latency samples: percentiles, throughput and summaries (no I/O, no clock)."""

import math
import time
from collections.abc import Callable, Sequence
from typing import Any


def percentile(samples: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100) with linear interpolation between closest ranks.

    Same definition as numpy's default ("linear"): p50 of [1, 2, 3, 4] is 2.5.
    """
    if not samples:
        raise ValueError("percentile of no samples")
    if not 0 <= q <= 100:
        raise ValueError(f"percentile {q} is outside 0–100")
    ordered = sorted(samples)
    position = (len(ordered) - 1) * q / 100
    lower = math.floor(position)
    upper = math.ceil(position)
    fraction = position - lower
    return ordered[lower] + (ordered[upper] - ordered[lower]) * fraction


def throughput(completed: int, wall_seconds: float) -> float:
    """Completed requests per second of wall-clock time."""
    if wall_seconds <= 0:
        raise ValueError("wall time must be positive")
    return completed / wall_seconds


def summarize_ms(samples_seconds: Sequence[float]) -> dict[str, Any]:
    """Count, mean, p50, p95, p99 and max of samples given in seconds, reported in ms."""
    if not samples_seconds:
        return {"n": 0, "mean_ms": None, "p50_ms": None, "p95_ms": None, "p99_ms": None}
    ms = [s * 1000 for s in samples_seconds]
    return {
        "n": len(ms),
        "mean_ms": round(sum(ms) / len(ms), 3),
        "p50_ms": round(percentile(ms, 50), 3),
        "p95_ms": round(percentile(ms, 95), 3),
        "p99_ms": round(percentile(ms, 99), 3),
        "max_ms": round(max(ms), 3),
    }


def time_interleaved(
    functions: dict[str, Callable[[int], object]], repetitions: int, warmup: int = 3
) -> dict[str, list[float]]:
    """Seconds per call of each `function(i)`, after `warmup` calls; the functions take turns
    in every repetition, so a burst of load from elsewhere on the machine hits all alike."""
    for i in range(warmup):
        for function in functions.values():
            function(i)
    samples: dict[str, list[float]] = {name: [] for name in functions}
    for i in range(repetitions):
        for name, function in functions.items():
            start = time.perf_counter()
            function(i)
            samples[name].append(time.perf_counter() - start)
    return samples


def fmt_ms(value: float | None) -> str:
    """A latency for the table: '12.3' (ms), '1,234' for large values, '–' when missing."""
    if value is None:
        return "–"
    if value >= 1000:
        return f"{value:,.0f}"
    if value >= 100:
        return f"{value:.0f}"
    return f"{value:.1f}" if value >= 1 else f"{value:.3f}"
