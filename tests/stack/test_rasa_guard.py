"""Issue #15, items 5 and 7, inside Rasa's own environment: a locked or broken tracker store
fails the turn instead of a silent in-memory fallback, the per-sender cap, and Rasa's
structured log events without user text. Issue #16: a failed custom action fails the turn."""

from pathlib import Path

from stack.settings import free_port
from tests.stack.rasa_python import run_in_rasa

CANARY = "Kanarienvogel-9c2e"

CHECK = """
import asyncio, logging, os, sqlite3, sys
os.environ["RASA_TRACKER_BUSY_SECONDS"] = "0.2"
os.environ["RASA_MAX_EVENTS_PER_SENDER"] = "4"
from stack import rasa_guard
rasa_guard.install()
from rasa.core.tracker_store import FailSafeTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

path, canary = sys.argv[1], sys.argv[2]
sql = TrackerStore.create(EndpointConfig(type="sql", dialect="sqlite", db=path), Domain.empty())
store = FailSafeTrackerStore(sql)  # as rasa.core.agent wraps it
tracker = DialogueStateTracker("web-1", [])
tracker.update(UserUttered(canary))
asyncio.run(store.save(tracker))
assert not rasa_guard.sender_over_limit(store, "web-1")

lock = sqlite3.connect(path, isolation_level=None)
lock.execute("BEGIN EXCLUSIVE")
tracker.update(UserUttered("second " + canary))
for attempt in (lambda: store.save(tracker), lambda: store.retrieve("web-1")):
    try:
        asyncio.run(attempt())
    except rasa_guard.TrackerStoreUnavailable as error:
        assert canary not in str(error)
    else:
        raise AssertionError("a locked tracker store did not fail the turn")
lock.execute("ROLLBACK")
lock.close()
assert store._fallback_tracker_store is None, "something went to the in-memory store"

for number in range(3):
    tracker.update(UserUttered(f"turn {number}"))
asyncio.run(store.save(tracker))
assert rasa_guard.sender_over_limit(store, "web-1")
assert not rasa_guard.sender_over_limit(store, "web-2")

import structlog
from rasa.utils.log_utils import configure_structlog
configure_structlog(logging.INFO)
structlog.get_logger().error("rest.message.received.failure", text=canary, slots={"a": canary})
import rasa.shared.utils.io
rasa.shared.utils.io.raise_warning(f"Failed to parse line '/{canary}'. but found {canary}")
logging.getLogger("rasa.core.processor").warning(f"Stopped predicting for sender '{canary}'.")
logging.getLogger("rasa.core.processor").warning("Invalid entity specification: %s", {canary: 1})
print("ok", flush=True)
"""


def test_tracker_store_errors_fail_the_turn_and_rasa_logs_no_text(tmp_path: Path) -> None:
    result = run_in_rasa(CHECK, str(tmp_path / "tracker.db"), CANARY)
    output = result.stdout + result.stderr
    for line in ("rest.message.received.failure", "Failed to parse", "Stopped predicting"):
        assert line in output
    assert CANARY not in result.stdout + result.stderr


FAILING_ACTION = """
import asyncio, sys
from stack import rasa_guard
rasa_guard.install_failing_actions()
from rasa.core.actions.action import ActionExtractSlots, RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.core.policies.policy import PolicyPrediction
from rasa.core.processor import MessageProcessor
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

dead = EndpointConfig(sys.argv[1])  # nothing listens there
domain = Domain.from_dict({"actions": ["action_find_centre", "action_validate_slot_mappings"]})
tracker = DialogueStateTracker("web-1", domain.slots)
channel = CollectingOutputChannel()
nlg = TemplatedNaturalLanguageGenerator(domain.responses)
processor = MessageProcessor.__new__(MessageProcessor)  # _run_action needs only the domain
processor.domain = domain
turns = {
    "predicted action": processor._run_action(
        RemoteAction("action_find_centre", dead), tracker, channel, nlg,
        PolicyPrediction.for_action_name(domain, "action_find_centre"),
    ),
    "slot validation": ActionExtractSlots(dead)._run_custom_action(
        "action_validate_slot_mappings", channel, nlg, tracker, domain
    ),
}
for name, turn in turns.items():
    try:
        asyncio.run(turn)
    except rasa_guard.ActionFailed as error:
        assert rasa_guard.failure_code(error) == "action_failed"
    else:
        raise AssertionError(f"a failed action in the {name} did not fail the turn")
assert rasa_guard.failure_code(RuntimeError()) == "turn_failed"
print("ok", flush=True)
"""


def test_a_failed_custom_action_fails_the_turn() -> None:
    # Rasa logs a failed action and carries on; the turn would answer without it
    run_in_rasa(FAILING_ACTION, f"http://127.0.0.1:{free_port()}/webhook")
