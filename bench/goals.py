"""The issue's goals, each PASS or MISS, with what dominates when one is missed."""

from dataclasses import asdict, dataclass
from typing import Any

P95_TARGET_MS = 150.0
SEARCH_TARGET_MS = 20.0
COLD_START_TARGET_S = 60.0
RAM_TARGET_MIB = 3 * 1024


@dataclass
class Goal:
    name: str
    target: str
    measured: str
    passed: bool | None
    why: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _paused(level: dict[str, Any]) -> bool:
    pauses = level.get("pause_seconds") or [0.0, 0.0]
    return pauses[1] > 0


def _level(results: dict[str, Any], concurrency: int, paused: bool = True) -> dict[str, Any] | None:
    """The load level with `concurrency` conversations whose users pause (or do not)."""
    return next(
        (
            lv
            for lv in results.get("load", [])
            if lv["concurrency"] == concurrency and _paused(lv) == paused
        ),
        None,
    )


def _pauses(level: dict[str, Any]) -> str:
    low, high = level["pause_seconds"]
    return f"users pause {low:.0f}-{high:.0f} s before each message"


def _p50(part: dict[str, Any] | None) -> float | None:
    return part.get("p50_ms") if part else None


def latency_breakdown(results: dict[str, Any]) -> str:
    """Where one answer's time goes, from the parts measured one at a time at rest."""
    parts = results.get("parts", {})
    single = _level(results, 1)
    api, rest = _p50(parts.get("api_chat_faq")), _p50(parts.get("rasa_rest_faq"))
    nlu, action = _p50(parts.get("nlu_parse")), _p50(parts.get("action_server"))
    search = _p50(parts.get("in_process", {}).get("hybrid_search"))
    pieces = []
    if single and single["latency"]["p50_ms"] is not None:
        pieces.append(f"one conversation alone: p50 {single['latency']['p50_ms']:.0f} ms")
    if api is not None and rest is not None:
        pieces.append(
            f"a FAQ turn {api:.0f} ms via /api/chat, {rest:.0f} ms straight to Rasa "
            f"(web API adds {round(api - rest) or 0:+d} ms)"
        )
    if rest is not None and nlu is not None and action is not None:
        core = rest - nlu - action
        pieces.append(
            f"of the Rasa turn: NLU parse {nlu:.0f} ms, action server {action:.0f} ms "
            f"(in-process hybrid search alone: {search or 0:.0f} ms), Rasa core (policies, "
            f"tracker store, HTTP) about {core:.0f} ms"
        )
    return "; ".join(pieces)


def cpu_summary(level: dict[str, Any]) -> str:
    """Which service burned the CPU during a load level, busiest first."""
    cpu = level.get("service_cpu") or {}
    ranked = sorted(cpu.items(), key=lambda kv: -(kv[1].get("cores_busy") or 0))
    return ", ".join(
        f"{name} {item['cores_busy']:.2f} cores ({item['cpu_ms_per_answer']:.0f} ms CPU/answer)"
        for name, item in ranked
        if item.get("cores_busy") is not None and item.get("cpu_ms_per_answer") is not None
    )


def capacity(results: dict[str, Any], level: dict[str, Any]) -> str:
    """The CPU one answer costs across all services, and the ceiling that puts on throughput."""
    cpu = level.get("service_cpu") or {}
    per_answer = [item.get("cpu_ms_per_answer") for item in cpu.values()]
    cpus = results.get("machine", {}).get("cpus_usable")
    if not per_answer or None in per_answer or not cpus:
        return ""
    total = sum(per_answer)
    top = max(cpu.items(), key=lambda kv: kv[1]["cpu_ms_per_answer"])[0]
    return (
        f"one answer costs about {total:.0f} ms of CPU across the services ({top} the most), "
        f"so {cpus} cores cap throughput near {cpus * 1000 / total:.0f} answers/s even with "
        "perfect parallelism"
    )


def _why_p95(results: dict[str, Any], level: dict[str, Any]) -> str:
    single = _level(results, 1)
    reasons = []
    if single and single["latency"]["p95_ms"]:
        factor = level["latency"]["p95_ms"] / single["latency"]["p95_ms"]
        reasons.append(
            f"p95 grows {factor:.1f}x from 1 to {level['concurrency']} conversations while "
            f"throughput stays near {level['throughput_rps']:.1f} answers/s "
            f"(alone: {single['throughput_rps']:.1f}/s), so answers queue behind each other"
        )
    busy = cpu_summary(level)
    if busy:
        reasons.append(f"CPU during that level: {busy}")
    for name, item in (level.get("service_cpu") or {}).items():
        if (item.get("cores_busy") or 0) >= 0.75:
            reasons.append(
                f"{name} keeps {item['cores_busy']:.2f} cores busy, close to the one core its "
                "single Python process can use: it is the bottleneck"
            )
    ceiling = capacity(results, level)
    if ceiling:
        reasons.append(ceiling)
    reasons.append("parts at rest: " + latency_breakdown(results))
    return ". ".join(reasons)


def _why_errors(results: dict[str, Any], level: dict[str, Any]) -> str:
    why = f"error kinds {level['error_kinds']}"
    logged = results.get("service_logs", {}).get("web", {}).get("warnings_by_event", {})
    web = {event: n for event, n in logged.items() if event.startswith("chat")}
    if web:
        why += f"; the web API logged {web}"
    refused = {k: v for k, v in web.items() if k.startswith("chat refused: backend down")}
    if refused:
        why += (
            "; before every chat the web API checks Rasa's /status and the action server's "
            "/health with a 2 s timeout, and under this load the named service answered that "
            "check too late, so the chat was refused with a 503"
        )
    if any(k.startswith("chat failed: rasa unavailable") for k in web):
        why += "; the relay to Rasa failed (it waits at most RASA_TIMEOUT_SECONDS, 30 s)"
    return why


def evaluate(results: dict[str, Any]) -> list[Goal]:
    goals = []
    ten = _level(results, 10)
    if ten and ten["latency"]["p95_ms"] is not None:
        p95 = ten["latency"]["p95_ms"]
        passed = p95 < P95_TARGET_MS and ten["errors"] == 0
        goals.append(
            Goal(
                f"p95 /api/chat at 10 concurrent conversations ({_pauses(ten)})",
                f"< {P95_TARGET_MS:.0f} ms",
                f"{p95:.0f} ms ({ten['errors']} errors)",
                passed,
                "" if passed else _why_p95(results, ten),
            )
        )
    else:
        goals.append(Goal("p95 at 10 concurrent", "< 150 ms", "not measured", None))

    saturated = _level(results, 10, paused=False)
    if saturated and saturated["latency"]["p95_ms"] is not None:
        goals.append(
            Goal(
                "saturated, for information: p95 at 10 conversations sending without pauses",
                "–",
                f"{saturated['latency']['p95_ms']:.0f} ms at {saturated['throughput_rps']:.1f} "
                f"answers/s ({saturated['errors']} errors)",
                None,
                _why_p95(results, saturated),
            )
        )
    fifty = _level(results, 50)
    if fifty:
        passed = fifty["errors"] == 0 and fifty["requests"] > 0
        goals.append(
            Goal(
                f"no errors at 50 concurrent conversations ({_pauses(fifty)})",
                "0 errors",
                f"{fifty['errors']} of {fifty['requests']} requests",
                passed,
                "" if passed else _why_errors(results, fifty),
            )
        )
    search = results.get("parts", {}).get("in_process", {})
    hybrid = search.get("hybrid_search")
    if hybrid:
        p50 = hybrid["p50_ms"]
        passed = p50 < SEARCH_TARGET_MS
        why = ""
        if not passed:
            pieces = {k: _p50(search.get(k)) for k in ("embed_query", "faiss_search", "fts_search")}
            measured = {k: v for k, v in pieces.items() if v is not None}
            top = max(measured, key=lambda k: measured[k])
            why = f"{top} dominates: " + ", ".join(f"{k} {v:.1f} ms" for k, v in measured.items())
        goals.append(
            Goal(
                "one query embedding + search (hybrid, in-process, median)",
                f"< {SEARCH_TARGET_MS:.0f} ms",
                f"{p50:.1f} ms (p95 {hybrid['p95_ms']:.1f} ms)",
                passed,
                why,
            )
        )
    cold = results.get("cold_start")
    if cold:
        passed = cold["total_seconds"] < COLD_START_TARGET_S
        slowest = max(cold["healthy_after"].items(), key=lambda kv: kv[1], default=("?", 0))
        goals.append(
            Goal(
                "cold start to healthy",
                f"< {COLD_START_TARGET_S:.0f} s",
                f"{cold['total_seconds']:.1f} s",
                passed,
                "" if passed else f"slowest service: {slowest[0]} ({slowest[1]:.1f} s)",
            )
        )
    memory = results.get("memory")
    if memory:
        total = memory["total_mib"]
        passed = total < RAM_TARGET_MIB
        services = {k: v["peak_rss_mib"] for k, v in memory.items() if isinstance(v, dict)}
        biggest = max(services.items(), key=lambda kv: kv[1])
        goals.append(
            Goal(
                "all services together, peak RSS",
                f"< {RAM_TARGET_MIB / 1024:.0f} GiB",
                f"{total / 1024:.2f} GiB",
                passed,
                "" if passed else f"largest: {biggest[0]} ({biggest[1]:.0f} MiB)",
            )
        )
    return goals
