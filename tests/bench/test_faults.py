"""The fault run's accounting: an acknowledged turn counts as lost unless it is, in order, among
the stored user messages (a turn stored twice after a retry is not a loss)."""

from bench.faults import lost_turns


def test_lost_turns_counts_acknowledged_messages_missing_in_order() -> None:
    assert lost_turns(["a", "b", "a"], ["a", "x", "b", "a"]) == 0
    assert lost_turns(["a", "b"], ["a", "a", "b"]) == 0  # retried turn stored twice
    assert lost_turns(["a", "b"], ["b"]) == 1
    assert lost_turns(["a", "a"], ["a"]) == 1
    assert lost_turns(["b", "a"], ["a", "b"]) == 1  # order matters


def test_the_cluster_report_prints_both_lines() -> None:
    from bench.cluster import render

    level = {
        "label": "12, no pauses",
        "throughput_rps": 20.0,
        "latency": {"p50_ms": 500, "p95_ms": 900},
        "errors": 0,
        "cpu_ms_per_answer_total": 50.0,
        "service_cpu": {"rasa": {"cpu_ms_per_answer": 40.0}},
    }
    faults = {
        "users": 8, "acknowledged_turns": 90, "killed": ["rasa-2"], "polite_retries": 1,
        "impolite_errors": 0, "impolite_kinds": {}, "recovery_seconds_users": 3.5,
        "recovery_seconds_processes": {"rasa-2": 60.0}, "lost_turns": 0,
    }  # fmt: skip
    text = render(
        {"single": {"saturated": level}, "cluster": {"saturated": level}, "faults": faults,
         "speed_up": 1.456}
    )  # fmt: skip
    assert "cluster speed-up: 1.46" in text.splitlines()
    assert "lost turns: 0" in text.splitlines()
