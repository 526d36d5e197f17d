"""The printed report (Markdown tables, ready for the README) and bench/results.json."""

import json
from pathlib import Path
from typing import Any

from bench.goals import Goal
from bench.stats import fmt_ms


def markdown_table(headers: list[str], rows: list[list[str]]) -> str:
    """A Markdown table; the first column left-aligned, the others right-aligned."""
    widths = [max(len(str(c)) for c in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: list[str]) -> str:
        padded = [
            str(c).ljust(w) if i == 0 else str(c).rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "| " + " | ".join(padded) + " |"

    rule = (
        "|"
        + "|".join(
            ("-" * (w + 2)) if i == 0 else ("-" * (w + 1) + ":") for i, w in enumerate(widths)
        )
        + "|"
    )
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def _latency_cells(summary: dict[str, Any] | None) -> list[str]:
    summary = summary or {}
    return [fmt_ms(summary.get("p50_ms")), fmt_ms(summary.get("p95_ms"))]


def machine_line(machine: dict[str, Any]) -> str:
    return (
        f"Measured {machine['date']} on {machine['cpus_usable']} CPUs "
        f"({machine['cpu_model']}), {machine['ram_gib']} GiB RAM, Python "
        f"{machine['python_app']} (app) and {machine['python_rasa']} (Rasa)."
    )


def contention_line(samples: list[dict[str, Any]]) -> str:
    """A warning when other processes competed for the CPU during the run."""
    seen: dict[str, float] = {}
    for sample in samples:
        for process in sample["busy_processes"]:
            seen[process["program"]] = max(seen.get(process["program"], 0), process["cpu"])
    if not seen:
        return ""
    loads = ", ".join(f"{s['at']} {s['load_average_1min']}" for s in samples)
    others = "; ".join(f"{name} (up to {cpu:.0%} of a CPU)" for name, cpu in seen.items())
    return (
        f"WARNING: other processes used the CPU during this run, so the numbers are pessimistic: "
        f"{others}. Load average (1 min): {loads}."
    )


def load_table(load: list[dict[str, Any]]) -> str:
    rows = [
        [
            level.get("label", str(level["concurrency"])),
            str(level["conversations"]),
            str(level["requests"]),
            str(level["errors"]),
            fmt_ms(level["latency"]["p50_ms"]),
            fmt_ms(level["latency"]["p95_ms"]),
            fmt_ms(level["latency"]["p99_ms"]),
            f"{level['throughput_rps']:.1f}",
        ]
        for level in load
    ]
    headers = ["concurrent conversations", "conversations", "requests", "errors"]
    headers += ["p50 ms", "p95 ms", "p99 ms", "answers/s"]
    return markdown_table(headers, rows)


def kinds_table(load: list[dict[str, Any]]) -> str:
    """Latency by kind of turn at each level (p50 / p95 ms)."""
    kinds = list(dict.fromkeys(k for level in load for k in level.get("latency_by_kind", {})))
    rows = []
    for level in load:
        by_kind = level.get("latency_by_kind", {})
        row = [level.get("label", str(level["concurrency"]))]
        for kind in kinds:
            item = by_kind.get(kind) or {}
            row.append(f"{fmt_ms(item.get('p50_ms'))} / {fmt_ms(item.get('p95_ms'))}")
        rows.append(row)
    return markdown_table(["concurrent conversations", *kinds], rows)


def cpu_table(load: list[dict[str, Any]]) -> str:
    """CPU each service used during each load level: cores kept busy and ms per answer."""
    names = list(dict.fromkeys(n for level in load for n in level.get("service_cpu", {})))
    headers = ["concurrent conversations"]
    for name in names:
        headers += [f"{name} cores busy", f"{name} CPU ms/answer"]
    rows = []
    for level in load:
        cpu = level.get("service_cpu", {})
        row = [level.get("label", str(level["concurrency"]))]
        for name in names:
            item = cpu.get(name, {})
            busy, per_answer = item.get("cores_busy"), item.get("cpu_ms_per_answer")
            row += [
                "–" if busy is None else f"{busy:.2f}",
                "–" if per_answer is None else f"{per_answer:.0f}",
            ]
        rows.append(row)
    return markdown_table(headers, rows)


def parts_table(parts: dict[str, Any], repetitions: int) -> str:
    local = parts.get("in_process", {})
    index = f"{local.get('index_type', '?')}, {local.get('entries', '?')} entries, top 100"
    labelled = [
        ("NLU parse (Rasa POST /model/parse)", parts.get("nlu_parse")),
        ("action server: answer a new question (POST /webhook)", parts.get("action_server")),
        ("embed one query (e5-small, no cache)", local.get("embed_query")),
        (f"FAISS search ({index})", local.get("faiss_search")),
        ("FTS5 search (fts_query + lexical_search)", local.get("fts_search")),
        ("fusion (reciprocal rank fusion)", local.get("fusion")),
        ("hybrid search, new question (all of the above)", local.get("hybrid_search")),
        ("hybrid search, repeated question (cached vector)", local.get("hybrid_search_repeated")),
        ("FAQ turn via /api/chat, fresh conversation", parts.get("api_chat_faq")),
        ("FAQ turn straight to Rasa REST (no web API)", parts.get("rasa_rest_faq")),
    ]
    rows = [[label, str((s or {}).get("n", "–")), *_latency_cells(s)] for label, s in labelled if s]
    headers = [f"part of one answer ({repetitions} repetitions)", "n", "p50 ms", "p95 ms"]
    return markdown_table(headers, rows)


def retrieval_table(retrieval: dict[str, Any], parts: dict[str, Any]) -> str:
    rows = []
    for mode in ("hybrid", "semantic", "lexical"):
        item = retrieval[mode]
        rows.append(
            [
                f"{mode} search" + (" (the answer path)" if mode == "hybrid" else ""),
                *_latency_cells(item["latency"]),
                f"{item['recall_at_1']:.3f}",
                f"{item['recall_at_3']:.3f}",
                f"{item['mrr']:.3f}",
            ]
        )
    selector = retrieval["response_selector"]
    nlu = parts.get("nlu_parse")
    action = parts.get("action_server")
    label = "retrieval path: action server (search + rendering)"
    rows.append([label, *_latency_cells(action), "", "", ""])
    state = "trained" if selector["trained"] else "not trained"
    rows.append(
        [f"Rasa ResponseSelector ({state}): NLU parse", *_latency_cells(nlu), "–", "–", "–"]
    )
    headers = [f"FAQ / retrieval ({retrieval['queries']} labelled queries)", "p50 ms", "p95 ms"]
    return markdown_table([*headers, "recall@1", "recall@3", "MRR"], rows)


def resources_table(results: dict[str, Any]) -> str:
    rows = []
    cold = results.get("cold_start")
    if cold:
        each = ", ".join(f"{k} {v:.1f} s" for k, v in cold["healthy_after"].items())
        rows.append(
            ["cold start to healthy (Stack.start)", f"{cold['total_seconds']:.1f} s ({each})"]
        )
    memory = results.get("memory", {})
    for name, value in memory.items():
        if isinstance(value, dict):
            count = len(value["processes"])
            rows.append(
                [f"peak RSS {name} ({count} processes)", f"{value['peak_rss_mib']:.0f} MiB"]
            )
    if memory:
        rows.append(["peak RSS all services", f"{memory['total_mib']:.0f} MiB"])
    model = results.get("model", {})
    if model:
        rows.append(["Rasa model size", f"{model['size_mib']} MiB ({model.get('path')})"])
    training = results.get("training")
    if training:
        rows.append(
            [
                "rasa train (fresh cache)",
                f"{training['seconds']:.0f} s, exit {training['exit_code']}",
            ]
        )
    else:
        rows.append(["rasa train", "not run (pass --train)"])
    real = results.get("index_real")
    if real:
        rows.append(
            [
                f"knowledge base build, real content ({real['entries']} entries)",
                f"{real['total_seconds']:.1f} s (embedding {real['embedding_seconds']:.1f} s, "
                f"SQLite+FTS5+vectors {real['sqlite_fts_vectors_seconds']:.2f} s, opening "
                f"for search {real['open_for_search_seconds']:.3f} s)",
            ]
        )
        rows.append(
            ["embedding throughput", f"{real['embedding_entries_per_second']:.1f} entries/s"]
        )
    return markdown_table(["resource", "measured"], rows)


def synthetic_table(synthetic: list[dict[str, Any]]) -> str:
    rows = [
        [
            f"{item['entries']:,}",
            item["chosen_index"],
            f"{item['flat']['build_seconds']:.2f}",
            fmt_ms(item["flat"]["search"]["p50_ms"]),
            f"{item['hnsw']['build_seconds']:.2f}",
            fmt_ms(item["hnsw"]["search"]["p50_ms"]),
            f"{item['hnsw_recall_at_10']:.2f}",
            f"{item['projected_embedding_seconds']:,.0f}",
            f"{item['projected_build_seconds']:,.0f}",
        ]
        for item in synthetic
    ]
    headers = [
        "entries", "chosen index", "flat build s", "flat search ms", "HNSW build s",
        "HNSW search ms", "HNSW recall@10", "embedding s (projected)", "build s (projected)",
    ]  # fmt: skip
    return markdown_table(headers, rows)


def anchor_block(anchor: dict[str, Any]) -> str:
    """The anchor's load levels and the two ratios (see bench/anchor.py)."""
    if "error" in anchor:
        return f"Anchor not measured: {anchor['error']}"

    def ratio(value: float | None) -> str:
        return "–" if value is None else f"{value:.2f}"

    return "\n\n".join(
        [
            "Anchor: a stock Rasa 3.6 assistant (`rasa init`'s moodbot with one custom action, "
            "in-memory tracker store) behind the same web API, same load generator and levels:",
            load_table(anchor["load"]),
            f"anchor p50 ratio: {ratio(anchor['p50_ratio'])}\n"
            f"anchor throughput ratio: {ratio(anchor['throughput_ratio'])}\n"
            f"(our p50 at {anchor['concurrency']} conversations with pauses and our answers/s "
            f"at {anchor['concurrency']} without pauses, each divided by the anchor's)",
        ]
    )


def goals_block(goals: list[Goal]) -> str:
    lines = []
    for goal in goals:
        mark = {True: "PASS", False: "MISS", None: "n/a "}[goal.passed]
        lines.append(f"{mark}  {goal.name}: {goal.measured} (goal {goal.target})")
        if goal.why:
            lines.append(f"      why: {goal.why}")
    return "\n".join(lines)


def render(results: dict[str, Any], goals: list[Goal]) -> str:
    sections = [machine_line(results["machine"])]
    warning = contention_line(results.get("contention", []))
    if warning:
        sections.append(warning)
    if results.get("load"):
        sections += [
            "End-to-end POST /api/chat, multi-turn conversations:",
            load_table(results["load"]),
            "By kind of turn, p50 / p95 ms:",
            kinds_table(results["load"]),
            "CPU used by each service during the load levels:",
            cpu_table(results["load"]),
        ]
    if results.get("parts"):
        sections.append(parts_table(results["parts"], results["settings"]["repetitions"]))
    if results.get("retrieval"):
        sections += [
            retrieval_table(results["retrieval"], results.get("parts", {})),
            "ResponseSelector: " + results["retrieval"]["response_selector"]["note"],
        ]
    sections.append(resources_table(results))
    if results.get("index_synthetic"):
        sections += [
            "Synthetic bases (random unit vectors, dim 384; search = one query, top 100; HNSW "
            "recall@10 against exact search – uniformly random vectors are HNSW's worst case, "
            "real embeddings cluster; embedding time projected from the real rate):",
            synthetic_table(results["index_synthetic"]),
        ]
    if results.get("anchor"):
        sections.append(anchor_block(results["anchor"]))
    sections += ["Goals:", goals_block(goals)]
    return "\n\n".join(sections)


def write_json(path: Path, results: dict[str, Any], goals: list[Goal]) -> None:
    document = {**results, "goals": [g.to_json() for g in goals]}
    path.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
