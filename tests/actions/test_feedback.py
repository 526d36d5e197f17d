"""Feedback is stored with the entries the question asked about, found by data, whatever the
question's wording or language."""

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.feedback import ask_feedback, feedback_subject
from knowledge.models import Programme

ZIM = Programme.model_validate(
    {
        "id": "zim",
        "name": "ZIM",
        "funder": "Bund",
        "level": "federal",
        "funding_type": "grant",
        "summary_de": "Zuschuss.",
        "source_url": "https://example.org/zim",
        "last_checked": "2026-11-01",
    }
)


def tracker(events: list[dict]) -> Tracker:
    return Tracker(
        "test", {}, {"intent": {"name": "feedback_positive"}}, events, False, None, {}, ""
    )


def bot_events(dispatcher: CollectingDispatcher) -> list[dict]:
    """The messages as Rasa stores them: keys beyond the message's parts become metadata."""
    parts = ("text", "buttons", "elements", "custom", "template", "response", "image", "attachment")
    return [
        {
            "event": "bot",
            "text": message["text"],
            "metadata": {k: v for k, v in message.items() if k not in parts},
        }
        for message in dispatcher.messages
    ]


def test_the_question_carries_what_it_asks_about() -> None:
    dispatcher = CollectingDispatcher()
    ask_feedback(dispatcher, "en", [ZIM])
    (message,) = dispatcher.messages
    assert message["text"] == "Was this helpful?"
    assert [b["payload"] for b in message["buttons"]] == [
        "/feedback_positive",
        "/feedback_negative",
    ]
    events = [*bot_events(dispatcher), {"event": "user", "text": "great"}]
    assert feedback_subject(tracker(events)) == "programme:zim"


def test_the_latest_question_counts_and_other_messages_do_not() -> None:
    first, second = CollectingDispatcher(), CollectingDispatcher()
    ask_feedback(first, "de", [ZIM])
    ask_feedback(second, "de", [ZIM.model_copy(update={"id": "go-digital"})])
    events = [*bot_events(first), *bot_events(second), {"event": "bot", "text": "Danke!"}]
    assert feedback_subject(tracker(events)) == "programme:go-digital"


def test_no_question_no_subject() -> None:
    assert feedback_subject(tracker([{"event": "bot", "text": "War das hilfreich?"}])) is None
