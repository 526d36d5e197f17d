"""Rasa 3.6 made strict and quiet, installed by `stack/rasa_main.py` inside Rasa's process.

- **No silent fallback.** Rasa wraps the tracker store in `FailSafeTrackerStore`, which on an
  error keeps the conversation in memory (turns lost, copies erasure cannot reach) or starts an
  empty one. Here every tracker-store error raises `TrackerStoreUnavailable` instead, and the
  REST channel answers that turn with HTTP 503 (the web API then tells the user, politely, that
  Förderlotse is unavailable). The SQLite store waits `RASA_TRACKER_BUSY_SECONDS` (5) for a
  lock instead of failing at once.
- **A failed custom action fails the turn.** Rasa logs an action that cannot run (action server
  down, an error in the action) and carries on without its replies and events, so the user
  got a partial or empty answer. Here the turn fails instead: the REST channel answers 503
  `action_failed`, nothing of the turn is stored, and the web API tells the user, politely,
  that Förderlotse is unavailable.
- **Growth cap.** A sender with `RASA_MAX_EVENTS_PER_SENDER` (5,000) stored events, or with
  `RASA_MAX_TURNS_PER_DAY` (300) messages in the last 24 hours, gets a polite answer instead of
  a new turn.
- **No user text in logs.** Rasa's structured log events carry texts, slots and entities in
  known keys; those values are replaced by "<redacted>" (Rasa's own anonymiser does nothing
  unless a plugin is installed). Rasa's warnings and its plain log lines quote user-controlled
  values ("Failed to parse arguments in line '<what the user typed>' … but found <intent>",
  sender ids, entity specifications): they are cut at their first quote, brace or bracket
  (configuration warnings at start-up lose their details too; `rasa data validate` shows
  them). Error messages of the
  SQL store (which can quote the SQL parameters, i.e. message texts) are never logged, only
  their class name.
"""

import inspect
import logging
import os
import re
import time
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any

from messages import text as message_text

logger = logging.getLogger("foerderlotse.rasa_guard")

REDACTED = "<redacted>"
SENSITIVE_KEYS = frozenset(
    {
        "text", "response_text", "user_text", "slot_values", "parse_data_text",
        "parse_data_entities", "prediction_events", "tracker_latest_message", "prefilled_slots",
        "message", "response", "slot_candidates", "rasa_event", "rasa_events", "tracker_states",
        "current_states", "old_states", "successes", "current_entity", "next_entity", "states",
        "entity", "token_text", "user_message", "json_message", "metadata", "events", "slots",
        "entities", "parse_data", "utterance", "value", "tracker",
    }
)  # fmt: skip


_DETAILS = re.compile(r"['\"{\[`]")
WITHHELD = " … (details withheld: they may quote user text)"


def redact_quoted(text: str) -> str:
    """`text` up to its first quote, brace or bracket (where quoted values begin)."""
    match = _DETAILS.search(text)
    return text if match is None else text[: match.start()].rstrip() + WITHHELD


class TrackerStoreUnavailable(RuntimeError):
    """The conversation store could not be read or written; the turn must fail visibly."""


class ActionFailed(RuntimeError):
    """A custom action could not run; the turn must fail visibly. Not a `RasaException`, so
    Rasa's slot extraction, which swallows those, lets it through."""


# The custom action that failed during the action `MessageProcessor._run_action` is running.
_failed_action: ContextVar[str | None] = ContextVar("failed_action", default=None)


def _int_env(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def redact_event_dict(_: Any, __: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    """A structlog processor: values under keys that carry user content become "<redacted>"."""
    for key in SENSITIVE_KEYS.intersection(event_dict):
        event_dict[key] = REDACTED
    return event_dict


def _fail(operation: str, error: Exception) -> TrackerStoreUnavailable:
    logger.error(
        "tracker store %s failed (%s): turn refused, no in-memory fallback",
        operation,
        type(error).__name__,
    )
    return TrackerStoreUnavailable(f"tracker store {operation} failed: {type(error).__name__}")


def install_strict_tracker_store() -> None:
    """FailSafeTrackerStore raises instead of falling back to memory or to an empty tracker."""
    from rasa.core.tracker_store import FailSafeTrackerStore

    async def save(self: Any, tracker: Any) -> None:
        try:
            await self._tracker_store.save(tracker)
        except Exception as error:
            raise _fail("save", error) from None

    async def retrieve(self: Any, sender_id: str) -> Any:
        try:
            return await self._tracker_store.retrieve(sender_id)
        except Exception as error:
            raise _fail("read", error) from None

    async def retrieve_full_tracker(self: Any, sender_id: str) -> Any:
        try:
            return await self._tracker_store.retrieve_full_tracker(sender_id)
        except Exception as error:
            raise _fail("read", error) from None

    async def keys(self: Any) -> Any:
        try:
            return await self._tracker_store.keys()
        except Exception as error:
            raise _fail("keys", error) from None

    FailSafeTrackerStore.save = save
    FailSafeTrackerStore.retrieve = retrieve
    FailSafeTrackerStore.retrieve_full_tracker = retrieve_full_tracker
    FailSafeTrackerStore.keys = keys


def install_failing_actions() -> None:
    """A custom action that fails raises `ActionFailed` out of the turn, where Rasa would log
    it and continue (`MessageProcessor._run_action`, `ActionExtractSlots`)."""
    from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
    from rasa.core.processor import MessageProcessor

    run_remote = RemoteAction.run
    run_action = MessageProcessor._run_action

    async def run(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return await run_remote(self, *args, **kwargs)
        except ActionExecutionRejection:
            raise  # a form declining the message: part of the dialogue, not a failure
        except Exception as error:
            logger.error("custom action failed (%s): turn refused", type(error).__name__)
            _failed_action.set(self.name())
            raise ActionFailed(f"custom action {self.name()} failed") from None

    async def _run_action(self: Any, *args: Any, **kwargs: Any) -> Any:
        token = _failed_action.set(None)
        try:
            should_predict_another = await run_action(self, *args, **kwargs)
            failed = _failed_action.get()
        finally:
            _failed_action.reset(token)
        if failed is not None:  # Rasa caught and logged it
            raise ActionFailed(f"custom action {failed} failed")
        return should_predict_another

    RemoteAction.run = run
    MessageProcessor._run_action = _run_action


def install_sqlite_busy_timeout() -> None:
    """SQLite connections of the tracker store wait for a lock (RASA_TRACKER_BUSY_SECONDS)."""
    import rasa.core.tracker_store as tracker_store

    original = tracker_store.create_engine_kwargs
    seconds = float(os.environ.get("RASA_TRACKER_BUSY_SECONDS", 5))

    def create_engine_kwargs(url: Any) -> dict[str, Any]:
        kwargs = dict(original(url))
        if str(url).startswith("sqlite"):
            kwargs["connect_args"] = {**kwargs.get("connect_args", {}), "timeout": seconds}
        return kwargs

    tracker_store.create_engine_kwargs = create_engine_kwargs


def install_log_redaction() -> None:
    """Rasa's structlog pipeline uses `redact_event_dict` in place of its anonymiser; Rasa's
    warnings and the messages of its `rasa.*` loggers lose their quoted parts."""
    import rasa.shared.utils.io as rasa_io
    import rasa.utils.log_utils as log_utils

    log_utils._anonymizer = redact_event_dict

    original_warning = rasa_io.raise_warning

    def raise_warning(message: str, *args: Any, **kwargs: Any) -> None:
        original_warning(redact_quoted(str(message)), *args, **kwargs)

    rasa_io.raise_warning = raise_warning

    make_record = logging.getLogRecordFactory()

    def record_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make_record(*args, **kwargs)
        if record.name.startswith(("rasa.", "rasa_sdk.", "sanic.")) and record.name != (
            logger.name
        ):
            record.msg = redact_quoted(record.getMessage())
            record.args = None
        return record

    logging.setLogRecordFactory(record_factory)


def limit_reached_text() -> str:
    """The answer once a conversation reached its cap, in both languages (which one the
    conversation speaks is not read for a refused turn)."""
    key = "service.conversation_too_long"
    return f"{message_text(key, 'de')} – {message_text(key, 'en')}"


def sender_over_limit(store: Any, sender_id: str, now: float | None = None) -> bool:
    """Whether `sender_id` has reached the stored-events or messages-per-day cap (SQL store)."""
    import sqlalchemy as sa

    inner = getattr(store, "_tracker_store", store)
    engine = getattr(inner, "engine", None)
    if engine is None:
        return False
    since = (now or time.time()) - 24 * 3600
    query = sa.text(
        "SELECT count(*), coalesce(sum(CASE WHEN type_name = 'user' AND timestamp > :since "
        "THEN 1 ELSE 0 END), 0) FROM events WHERE sender_id = :sender"
    )
    try:
        with engine.connect() as connection:
            events, turns = connection.execute(query, {"sender": sender_id, "since": since}).one()
    except Exception as error:
        raise _fail("read", error) from None
    return events >= _int_env("RASA_MAX_EVENTS_PER_SENDER", 5000) or turns >= _int_env(
        "RASA_MAX_TURNS_PER_DAY", 300
    )


def failure_code(error: Exception) -> str:
    """The error code of the REST channel's 503 for a turn that raised `error`."""
    return "action_failed" if isinstance(error, ActionFailed) else "turn_failed"


def install_strict_rest_channel() -> None:
    """The REST channel answers 503 when a turn fails (Rasa's logs the text and answers 200 with
    no or partial replies) – `action_failed` when a custom action failed, `turn_failed`
    otherwise – and a polite message when the sender has reached the growth cap."""
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
    from rasa.core.channels.rest import RestInput
    from sanic import Blueprint, response
    from sanic.request import Request

    def blueprint(self: Any, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Any:
        module = inspect.getmodule(self)
        webhook = Blueprint(
            f"custom_webhook_{type(self).__name__}", module.__name__ if module else __name__
        )

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> Any:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> Any:
            sender_id = await self._extract_sender(request)
            text = self._extract_message(request)
            collector = CollectingOutputChannel()
            try:
                agent = getattr(request.app.ctx, "agent", None)
                if agent is not None and sender_over_limit(agent.tracker_store, sender_id):
                    logger.warning("turn refused: sender reached the growth cap")
                    reply: list[dict[str, Any]] = [
                        {"recipient_id": sender_id, "text": limit_reached_text()}
                    ]
                    return response.json(reply)
                await on_new_message(
                    UserMessage(
                        text,
                        collector,
                        sender_id,
                        input_channel=self._extract_input_channel(request),
                        metadata=self.get_metadata(request),
                    )
                )
            except Exception as error:  # every failed turn is answered with 503
                logger.error("turn failed (%s): answered 503", type(error).__name__)
                return response.json({"error": {"code": failure_code(error)}}, status=503)
            return response.json(collector.messages)

        return webhook

    RestInput.blueprint = blueprint


def event_log_pragmas(dialect: str) -> list[str]:
    """Statements run on every new connection of the event broker (the insights' log): no
    disk flush per event (SQLite: write-ahead log with `synchronous=NORMAL`; PostgreSQL:
    `synchronous_commit=off`). A crash of the machine may lose the last events of the log,
    never its consistency; the tracker store, where turns live, keeps full durability."""
    if dialect == "sqlite":
        return ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL"]
    if dialect == "postgresql":
        return ["SET synchronous_commit = off"]
    return []


EVENT_LOG_TYPES_DEFAULT = "user"


def logged_event_types() -> frozenset[str]:
    """`EVENT_LOG_TYPES`: the event types the event broker publishes (comma-separated;
    default `user`, all the insights count; `*` for every event)."""
    value = os.environ.get("EVENT_LOG_TYPES", EVENT_LOG_TYPES_DEFAULT)
    return frozenset(part.strip() for part in value.split(",") if part.strip())


def install_fast_event_log() -> None:
    """Rasa's SQL event broker commits once per event, on Rasa's event loop, at about 2 ms CPU
    each (SQLAlchemy's ORM), and a turn has about eight events. Here it publishes only the event
    types of `EVENT_LOG_TYPES` (the user's messages: one commit per turn), and its connections
    get `event_log_pragmas`, so no commit waits for the disk."""
    import sqlalchemy
    from rasa.core.brokers.sql import SQLEventBroker

    original = SQLEventBroker.__init__
    original_publish = SQLEventBroker.publish
    types = logged_event_types()

    def publish(self: Any, event: dict[str, Any]) -> None:
        if "*" in types or event.get("event") in types:
            original_publish(self, event)

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        statements = event_log_pragmas(self.engine.dialect.name)

        def on_connect(dbapi_connection: Any, _: Any) -> None:
            cursor = dbapi_connection.cursor()
            for statement in statements:
                cursor.execute(statement)
            cursor.close()
            if self.engine.dialect.name == "postgresql":
                dbapi_connection.commit()

        sqlalchemy.event.listen(self.engine, "connect", on_connect)
        self.engine.dispose()  # connections opened by table creation do not have them

    SQLEventBroker.__init__ = __init__
    SQLEventBroker.publish = publish


def install() -> None:
    """All of the above (called before Rasa starts)."""
    install_log_redaction()
    install_fast_event_log()
    install_strict_tracker_store()
    install_failing_actions()
    install_sqlite_busy_timeout()
    install_strict_rest_channel()
