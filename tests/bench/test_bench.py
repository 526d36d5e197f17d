"""The benchmark's statistics and parsing helpers on fixed numbers (no timings, no clock)."""

from typing import Any

import pytest

from bench.goals import evaluate, latency_breakdown
from bench.load import Budget, Level, LevelResult, Sample
from bench.machine import cpu_model, mem_total_gib
from bench.report import contention_line, markdown_table
from bench.service_logs import json_log_events, plain_log_errors
from bench.stack_run import cpu_during, status_kib
from bench.stats import fmt_ms, percentile, summarize_ms, throughput


def test_percentile_interpolates_between_closest_ranks():
    samples = [4.0, 1.0, 3.0, 2.0]
    assert percentile(samples, 0) == 1.0
    assert percentile(samples, 50) == 2.5
    assert percentile(samples, 100) == 4.0
    assert percentile(list(range(1, 101)), 95) == pytest.approx(95.05)
    assert percentile(list(range(1, 101)), 99) == pytest.approx(99.01)
    assert percentile([7.0], 99) == 7.0


def test_percentile_refuses_nonsense():
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def test_throughput_is_completed_per_wall_second():
    assert throughput(300, 20.0) == 15.0
    assert throughput(0, 5.0) == 0.0
    with pytest.raises(ValueError):
        throughput(10, 0)


def test_summary_reports_milliseconds():
    summary = summarize_ms([0.010, 0.020, 0.030, 0.040])
    assert summary["n"] == 4
    assert summary["mean_ms"] == 25.0
    assert summary["p50_ms"] == 25.0
    assert summary["max_ms"] == 40.0
    assert summarize_ms([])["p95_ms"] is None


def test_level_result_counts_errors_and_throughput():
    result = LevelResult(Level(10, 100, 60.0), wall_seconds=2.0, conversations=2)
    result.samples = [
        Sample("greeting", 0.1, True, 200),
        Sample("faq", 0.3, True, 200),
        Sample("faq", 0.2, False, 503, "unavailable"),
        Sample("faq", 1.0, False, None, "TimeoutError"),
    ]
    summary = result.to_json()
    assert summary["requests"] == 4
    assert summary["ok"] == 2
    assert summary["errors"] == 2
    assert summary["error_kinds"] == {"unavailable": 1, "TimeoutError": 1}
    assert summary["throughput_rps"] == 1.0
    assert summary["latency"]["p50_ms"] == 200.0
    assert summary["latency_by_kind"]["faq"]["n"] == 1


def test_budget_stops_after_max_requests():
    budget = Budget(max_requests=2, deadline=float("inf"))
    assert [budget.take() for _ in range(3)] == [True, True, False]
    assert not Budget(max_requests=5, deadline=0.0).take()


def test_goals_pass_and_miss_on_fixed_results():
    def level(concurrency, p95, errors=0, pauses=(1.0, 3.0)):
        latency = {"p50_ms": p95 / 2, "p95_ms": p95, "p99_ms": p95}
        return {
            "concurrency": concurrency,
            "pause_seconds": list(pauses),
            "latency": latency,
            "errors": errors,
            "requests": 100,
            "error_kinds": {"unavailable": errors} if errors else {},
            "throughput_rps": 10.0,
        }

    results: dict[str, Any] = {
        "load": [
            level(1, 50.0),
            level(10, 400.0),
            level(50, 900.0, errors=3),
            level(10, 100.0, pauses=(0.0, 0.0)),
        ],
        "parts": {"in_process": {"hybrid_search": {"p50_ms": 12.0, "p95_ms": 15.0}}},
        "cold_start": {"total_seconds": 30.0, "healthy_after": {"rasa": 29.0}},
        "memory": {"rasa": {"peak_rss_mib": 1000.0}, "web": {"peak_rss_mib": 100.0}},
    }
    results["memory"]["total_mib"] = 1100.0
    marks = {g.name.split(" ")[0]: g.passed for g in evaluate(results)}
    assert marks == {
        "p95": False,
        "saturated,": None,
        "no": False,
        "one": True,
        "cold": True,
        "all": True,
    }
    p95_goal = evaluate(results)[0]
    assert "8.0x" in p95_goal.why


def test_parsers_and_formatting():
    assert cpu_model("processor\t: 0\nmodel name\t: AMD EPYC 7B13\n") == "AMD EPYC 7B13"
    assert cpu_model("") == "unknown"
    assert mem_total_gib("MemTotal:       24576000 kB\n") == 23.4
    assert status_kib("Name:\tpython\nVmHWM:\t  204800 kB\nVmRSS:\t 1 kB\n", "VmHWM") == 204800
    assert fmt_ms(None) == "–"
    assert fmt_ms(1234.4) == "1,234"
    assert fmt_ms(12.34) == "12.3"
    table = markdown_table(["a", "b"], [["x", "1"]])
    assert table.splitlines()[1] == "|---|--:|"


def test_web_log_warnings_are_counted_by_event_and_backend():
    lines = [
        '{"level": "info", "event": "chat relayed"}',
        '{"level": "warning", "event": "chat refused: backend down",'
        ' "health": {"rasa": false, "action_server": true}}',
        '{"level": "warning", "event": "chat refused: backend down",'
        ' "health": {"rasa": false, "action_server": true}}',
        "not json",
    ]
    assert json_log_events(lines) == {"chat refused: backend down (down: rasa)": 2}
    assert plain_log_errors(["2026 ERROR rasa.core x", "fine", "Traceback (most recent"]) == 2


def test_breakdown_names_the_web_api_share_and_rasa_core():
    results = {
        "load": [],
        "parts": {
            "api_chat_faq": {"p50_ms": 120.0},
            "rasa_rest_faq": {"p50_ms": 110.0},
            "nlu_parse": {"p50_ms": 10.0},
            "action_server": {"p50_ms": 30.0},
            "in_process": {"hybrid_search": {"p50_ms": 15.0}},
        },
    }
    text = latency_breakdown(results)
    assert "web API adds +10 ms" in text
    assert "Rasa core (policies, tracker store, HTTP) about 70 ms" in text


def test_contention_warning_only_when_others_were_busy():
    quiet = [{"at": "start", "load_average_1min": 0.1, "busy_processes": []}]
    assert contention_line(quiet) == ""
    busy = [{"at": "start", "load_average_1min": 3.0, "busy_processes": [
        {"pid": 1, "program": "python rasa train", "cpu": 0.9}
    ]}]  # fmt: skip
    assert "python rasa train (up to 90% of a CPU)" in contention_line(busy)


def test_cpu_during_a_level_per_service():
    used = cpu_during({"rasa": 10.0, "web": 1.0}, {"rasa": 25.0, "web": 2.0}, 15.0, 300)
    assert used["rasa"] == {"cpu_seconds": 15.0, "cores_busy": 1.0, "cpu_ms_per_answer": 50.0}
    assert used["web"]["cpu_ms_per_answer"] == 3.3
    assert cpu_during({}, {"rasa": 1.0}, 0.0, 0)["rasa"]["cores_busy"] is None
