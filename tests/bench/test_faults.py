"""The fault run's accounting: an acknowledged turn counts as lost unless it is, in order, among
the stored user messages (a turn stored twice after a retry is not a loss)."""

from bench.faults import lost_turns


def test_lost_turns_counts_acknowledged_messages_missing_in_order() -> None:
    assert lost_turns(["a", "b", "a"], ["a", "x", "b", "a"]) == 0
    assert lost_turns(["a", "b"], ["a", "a", "b"]) == 0  # retried turn stored twice
    assert lost_turns(["a", "b"], ["b"]) == 1
    assert lost_turns(["a", "a"], ["a"]) == 1
    assert lost_turns(["b", "a"], ["a", "b"]) == 1  # order matters
