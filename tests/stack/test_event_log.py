"""Inside Rasa's own environment: the SQL event broker publishes only the event types the
insights need (`EVENT_LOG_TYPES`, default `user`) and commits without a disk flush per event."""

from stack.rasa_guard import event_log_pragmas
from stack.settings import PROJECT_ROOT
from tests.stack.rasa_python import run_in_rasa

CHECK = """
import sys
from stack import rasa_guard
rasa_guard.install_fast_event_log()
from rasa.core.brokers.sql import SQLEventBroker

broker = SQLEventBroker(db=sys.argv[1])
broker.publish({"sender_id": "s", "event": "user", "timestamp": 1.0, "text": "Hallo"})
broker.publish({"sender_id": "s", "event": "action", "timestamp": 1.1, "name": "x"})
with broker.engine.connect() as connection:
    rows = connection.exec_driver_sql("SELECT sender_id, data FROM events").fetchall()
    synchronous = connection.exec_driver_sql("PRAGMA synchronous").fetchone()[0]
    journal = connection.exec_driver_sql("PRAGMA journal_mode").fetchone()[0]
assert len(rows) == 1 and '"user"' in rows[0][1], rows
assert synchronous == 1 and journal == "wal", (synchronous, journal)
print("ok")
"""


def test_the_event_log_keeps_user_messages_without_a_flush_per_event(tmp_path) -> None:
    run_in_rasa(
        CHECK,
        str(tmp_path / "events.db"),
        timeout=120,
        env={"PYTHONPATH": str(PROJECT_ROOT), "RASA_TELEMETRY_ENABLED": "false"},
    )


def test_pragmas_per_dialect() -> None:
    assert event_log_pragmas("sqlite") == ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL"]
    assert event_log_pragmas("postgresql") == ["SET synchronous_commit = off"]
    assert event_log_pragmas("mysql") == []
