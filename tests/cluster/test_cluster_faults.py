"""The cluster under faults, with the real PostgreSQL and Redis: a staff edit is live on every
action server within seconds; SIGKILL of one Rasa process and one action server while users
chat loses no acknowledged turn and answers every refused one politely; a restart of the whole
cluster mid-conversation continues every conversation."""

import time
import uuid

from bench.faults import fault_run
from knowledge.base import KnowledgeBase
from knowledge.embeddings import QueryCachingEmbedder
from knowledge.models import Faq
from tests.cluster.conftest import RunningCluster
from tests.conftest import shipped_content_in

QUESTION = "Wer zählt eigentlich als KMU?"


def texts(reply: list[dict]) -> str:
    return "\n".join(item.get("text") or "" for item in reply)


def test_staff_edit_is_live_on_every_action_server_within_seconds(
    running_cluster: RunningCluster, embedder: QueryCachingEmbedder
) -> None:
    data_dir = running_cluster.stack.settings.data_dir
    base = KnowledgeBase(shipped_content_in(data_dir), embedder)
    original = base.store.get("faq-kmu-definition")
    assert isinstance(original, Faq)
    marker = f"Testhinweis {uuid.uuid4().hex[:6]}."
    for index in (0, 1):  # both action servers have answered (and loaded the base) before
        assert running_cluster.rasa_turn(index, f"warm-{index}-{marker}", QUESTION)[0] == 200
    changed = original.model_copy(update={"answer_de": f"{original.answer_de} {marker}"})
    base.edit([changed], [], user="test", action="update")
    saved = time.monotonic()
    live_after: dict[int, float] = {}
    try:
        while len(live_after) < 2:
            assert time.monotonic() - saved < 20, f"not live on all servers: {live_after}"
            for index in (0, 1):  # Rasa process i calls action server i
                if index in live_after:
                    continue
                sender = f"probe-{index}-{uuid.uuid4().hex[:8]}"
                status, reply = running_cluster.rasa_turn(index, sender, QUESTION)
                if status == 200 and marker in texts(reply):
                    live_after[index] = time.monotonic() - saved
            time.sleep(0.2)
    finally:
        base.edit([original], [], user="test", action="update")
    assert max(live_after.values()) < 20


def test_kill_one_rasa_and_one_action_server_under_load_loses_no_turn(
    running_cluster: RunningCluster,
) -> None:
    result = fault_run(running_cluster.stack, users=6, seconds=25, kill_after=6)
    print(result.to_json())
    assert result.acknowledged_turns >= 30
    assert result.lost_turns == 0
    assert result.impolite_errors == 0, result.impolite_kinds
    assert all(seconds is not None for seconds in result.recovery_seconds_processes.values())
    assert running_cluster.request("/healthz")[0] == 200


def test_restart_of_the_whole_cluster_continues_every_conversation(
    running_cluster: RunningCluster,
) -> None:
    names = [f"restart-{n}-{uuid.uuid4().hex[:6]}" for n in range(3)]
    for name in names:
        assert running_cluster.chat(name, "Hallo")[0] == 200
        status, _ = running_cluster.chat(name, "Wir sind ein Handwerksbetrieb in Sachsen")
        assert status == 200
    cluster = running_cluster.stack
    cluster.stop()
    cluster.start()
    for name in names:
        status, body = running_cluster.chat(name, "Wir haben 8 Mitarbeiter")
        assert status == 200, body
        sender = running_cluster.sender_ids[name]
        for index in (0, 1):
            tracker = running_cluster.tracker(index, sender)
            assert tracker["slots"]["state"] == "SN"
            user_texts = [e["text"] for e in tracker["events"] if e["event"] == "user"]
            assert user_texts[-3:] == [
                "Hallo",
                "Wir sind ein Handwerksbetrieb in Sachsen",
                "Wir haben 8 Mitarbeiter",
            ]
