"""Action-server failover inside Rasa: the order of the URLs tried (the request patch itself is
exercised by the cluster's fault test, where an action server is killed)."""

from stack.action_failover import failover_order

URLS = ["http://a/webhook", "http://b/webhook", "http://c/webhook"]


def test_own_action_server_first_then_the_others_in_turn() -> None:
    assert failover_order(URLS, "http://b/webhook") == [
        "http://b/webhook",
        "http://c/webhook",
        "http://a/webhook",
    ]


def test_an_unlisted_primary_is_tried_first() -> None:
    assert failover_order(URLS, "http://x/webhook") == ["http://x/webhook", *URLS]
