"""A new contact request reaches a person: it is stored, shows in the console's insights at
once, and is e-mailed to the staff address (a real SMTP conversation with a local aiosmtpd
server); the logs never hold the person's name, address or question."""

import logging
from collections.abc import Iterator
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.contact import SubmitContact
from common.settings import load_settings
from console.insights import collect
from records.handover_mail import MailSettings
from records.store import RecordStore
from stack.settings import free_port

NAME, REACH, QUESTION = "Erika Muster", "erika@example.org", "Bitte Rückruf wegen Digitalbonus"


class Inbox:
    """An aiosmtpd handler that keeps what it received."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], EmailMessage]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        mail = message_from_bytes(envelope.content, policy=default)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), mail))
        return "250 Message accepted for delivery"


@pytest.fixture
def inbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    handler = Inbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(port))
    monkeypatch.setenv("SMTP_STARTTLS", "0")
    monkeypatch.setenv("HANDOVER_EMAIL_TO", "beratung@example.org")
    monkeypatch.setenv("HANDOVER_EMAIL_FROM", "foerderlotse@example.org")
    yield handler
    controller.stop()


@pytest.fixture
def records_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "records.db"
    monkeypatch.setenv("RECORDS_DB", str(path))
    return path


def tracker() -> Tracker:
    slots = {
        "contact_consent": True,
        "contact_name": NAME,
        "contact_reach": REACH,
        "contact_question": QUESTION,
        "language": "de",
    }
    latest = {"text": QUESTION, "metadata": {"channel": "web"}, "intent": {"name": "inform"}}
    return Tracker("web-abc", slots, latest, [], False, None, {}, "action_listen")


async def submit(caplog: pytest.LogCaptureFixture) -> CollectingDispatcher:
    dispatcher = CollectingDispatcher()
    with caplog.at_level(logging.DEBUG):
        await SubmitContact().run(dispatcher, tracker(), {})
    return dispatcher


def log_text(caplog: pytest.LogCaptureFixture) -> str:
    """Everything our code logged (not the test's own SMTP server, aiosmtpd's "mail.log")."""
    ours = [r for r in caplog.records if not r.name.startswith("mail.")]
    return " ".join(f"{r.getMessage()} {r.__dict__}" for r in ours)


async def test_a_new_contact_request_is_mailed_to_staff_and_shows_in_the_console(
    inbox: Inbox, records_db: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    dispatcher = await submit(caplog)

    [(mail_from, recipients, mail)] = inbox.messages
    assert mail_from == "foerderlotse@example.org"
    assert recipients == ["beratung@example.org"]
    [row] = RecordStore(records_db).rows("contact_requests")
    assert mail["Subject"] == f"Förderlotse: neue Kontaktanfrage Nr. {row['id']}"
    assert mail["Reply-To"] == REACH
    body = mail.get_content()
    assert f"Name: {NAME}" in body and f"Erreichbar unter: {REACH}" in body
    assert QUESTION in body and "Kanal: web" in body

    insights = collect(tmp_path / "no-tracker.db", records_db, days=1, threshold=0.5)
    assert [r["name"] for r in insights.contact_requests] == [NAME]
    assert "gespeichert" in dispatcher.messages[0]["text"]
    logs = log_text(caplog)
    assert "handover mail sent" in logs
    for personal in (NAME, REACH, QUESTION, "Erika"):
        assert personal not in logs


async def test_a_failed_mail_keeps_the_request_and_logs_no_personal_data(
    records_db: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(free_port()))  # nobody listens
    monkeypatch.setenv("HANDOVER_EMAIL_TO", "beratung@example.org")
    dispatcher = await submit(caplog)
    assert len(RecordStore(records_db).rows("contact_requests")) == 1
    assert "gespeichert" in dispatcher.messages[0]["text"]
    logs = log_text(caplog)
    assert "handover mail failed" in logs and "ConnectionRefusedError" in logs
    assert NAME not in logs and REACH not in logs and QUESTION not in logs


async def test_without_smtp_settings_nothing_is_sent(
    records_db: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    for name in ("SMTP_HOST", "HANDOVER_EMAIL_TO"):
        monkeypatch.delenv(name, raising=False)
    assert not MailSettings.from_settings(load_settings()).enabled
    await submit(caplog)
    assert len(RecordStore(records_db).rows("contact_requests")) == 1
    assert "handover mail not configured" in log_text(caplog)


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMTP_HOST", "mail.example.org")
    monkeypatch.setenv("SMTP_PORT", "2525")
    monkeypatch.setenv("SMTP_USER", "bot@example.org")
    monkeypatch.setenv("SMTP_PASSWORD", "geheim")
    monkeypatch.setenv("SMTP_STARTTLS", "false")
    monkeypatch.setenv("HANDOVER_EMAIL_TO", "team@example.org")
    monkeypatch.delenv("HANDOVER_EMAIL_FROM", raising=False)
    settings = MailSettings.from_settings(load_settings())
    assert (settings.host, settings.port, settings.starttls) == ("mail.example.org", 2525, False)
    assert settings.sender == "bot@example.org"  # the SMTP user when no sender is set
    assert "geheim" not in repr(settings)
