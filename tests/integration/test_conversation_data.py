"""The single stack's conversation data through documented interfaces only: Rasa publishes every
event to the SQL event broker's log (SQLite), the insights count from it, and `/api/delete`
erases the sender from the tracker store and the log."""

from console.insights import collect
from records.conversation_db import ConversationDb
from tests.conftest import RunningStack


def user_events(db: ConversationDb, sender_id: str) -> int:
    return int(db.query("SELECT count(*) FROM events WHERE sender_id = ?", [sender_id])[0][0])


def test_events_reach_the_log_insights_count_them_and_erasure_removes_them(
    running_stack: RunningStack,
) -> None:
    settings = running_stack.stack.settings
    tracker = ConversationDb.sqlite(settings.tracker_db)
    log = ConversationDb.sqlite(settings.events_db)
    assert running_stack.texts("logged", "Hallo")
    sender = running_stack.sender_ids["logged"]
    assert user_events(log, sender) == 1  # the user message (EVENT_LOG_TYPES: user)
    assert user_events(tracker, sender) >= 2
    insights = collect(log, settings.data_dir / "records.db", 1, 0.6)
    assert insights.messages >= 1 and "web" in insights.channels
    status, body = running_stack.request("/api/delete", {"sender_id": sender})
    assert status == 200, body
    assert user_events(log, sender) == 0
    assert user_events(tracker, sender) == 0
