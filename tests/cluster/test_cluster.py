"""`make run-cluster` with the real PostgreSQL and Redis: any Rasa process serves any turn of any
conversation, the web API spreads turns over the processes, and each action server answers."""

import uuid

from tests.cluster.conftest import RunningCluster


def slots(tracker: dict) -> dict:
    return tracker["slots"]


def test_cluster_is_healthy_and_uses_postgresql(running_cluster: RunningCluster) -> None:
    status, body = running_cluster.request("/healthz")
    assert status == 200, body
    assert body == {"status": "ok", "rasa": True, "action_server": True}
    names = [service.name for service in running_cluster.stack.services]
    assert names == ["action-server-1", "action-server-2", "rasa-1", "rasa-2", "web"]
    assert not (running_cluster.stack.settings.data_dir / "tracker.db").exists()


def test_conversation_alternating_between_rasa_processes_keeps_its_state(
    running_cluster: RunningCluster,
) -> None:
    sender = f"web-alternate-{uuid.uuid4().hex[:8]}"
    status, reply = running_cluster.rasa_turn(0, sender, "Hallo")
    assert status == 200 and reply
    status, reply = running_cluster.rasa_turn(
        1, sender, "Wir sind ein Elektrobetrieb in München mit 15 Mitarbeitern"
    )
    assert status == 200 and reply
    # process 1 sees what process 2 stored, and the next turn there builds on it
    seen_by_first = slots(running_cluster.tracker(0, sender))
    assert seen_by_first["state"] == "BY"
    assert float(seen_by_first["employees"]) == 15
    status, reply = running_cluster.rasa_turn(0, sender, "Wir wollen eine Software einführen")
    assert status == 200 and reply
    tracker = running_cluster.tracker(1, sender)
    assert slots(tracker)["state"] == "BY"
    user_turns = [event for event in tracker["events"] if event["event"] == "user"]
    assert len(user_turns) == 3  # every turn stored once, whichever process served it


def test_web_api_spreads_one_conversation_over_both_processes(
    running_cluster: RunningCluster,
) -> None:
    name = f"spread-{uuid.uuid4().hex[:8]}"
    for message in ("Hallo", "Wir sind in Hamburg", "Wir haben 12 Mitarbeiter", "Danke"):
        status, body = running_cluster.chat(name, message)
        assert status == 200, body
    sender = running_cluster.sender_ids[name]
    for index in (0, 1):
        tracker = running_cluster.tracker(index, sender)
        assert slots(tracker)["state"] == "HH"
        assert len([e for e in tracker["events"] if e["event"] == "user"]) == 4


def test_insights_and_erasure_on_postgresql(running_cluster: RunningCluster) -> None:
    from console.insights import collect
    from records.conversation_db import ConversationDb

    name = f"erase-{uuid.uuid4().hex[:8]}"
    assert running_cluster.chat(name, "Hallo")[0] == 200
    sender = running_cluster.sender_ids[name]
    env = running_cluster.stack.env
    tracker = ConversationDb.postgresql(env["DATABASE_URL"])
    log = ConversationDb.postgresql(env["EVENTS_DATABASE_URL"])

    def count(db: ConversationDb) -> int:
        return int(db.query("SELECT count(*) FROM events WHERE sender_id = ?", [sender])[0][0])

    assert count(tracker) >= 2 and count(log) == 1  # the log keeps user messages
    data_dir = running_cluster.stack.settings.data_dir
    assert collect(log, data_dir / "records.db", 1, 0.6).messages >= 1
    status, body = running_cluster.request("/api/delete", {"sender_id": sender})
    assert status == 200, body
    assert count(tracker) == 0 and count(log) == 0
    assert running_cluster.chat(name, "Hallo")[0] == 410
