"""Telling staff about a new contact request by e-mail, so a handover reaches a person.

SMTP settings come from `common.settings` (see README, "Handover by e-mail"); without SMTP_HOST
and HANDOVER_EMAIL_TO nothing is sent and requests are only stored for the console. The mail
holds the request (that is its purpose); the logs never do: only whether sending worked.
"""

import logging
import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from common.settings import Settings, load_settings

logger = logging.getLogger(__name__)

EMAIL_REACH = "@"


@dataclass(frozen=True)
class MailSettings:
    """Where the staff address is and how to reach the SMTP server."""

    host: str = ""
    port: int = 587
    user: str = ""
    password: str = field(default="", repr=False)
    starttls: bool = True
    to: str = ""
    sender: str = ""
    timeout_seconds: float = 10.0

    @classmethod
    def from_settings(cls, settings: Settings) -> "MailSettings":
        user = settings.smtp_user.strip()
        return cls(
            host=settings.smtp_host.strip(),
            port=settings.smtp_port,
            user=user,
            password=settings.smtp_password,
            starttls=settings.smtp_starttls,
            to=settings.handover_email_to.strip(),
            sender=settings.handover_email_from.strip() or user or "foerderlotse@localhost",
        )

    @property
    def enabled(self) -> bool:
        return bool(self.host and self.to)


@dataclass(frozen=True)
class ContactRequest:
    """A stored contact request as staff need it: who, how to reach them, what about."""

    record_id: int
    name: str
    reach: str
    question: str
    language: str
    channel: str


def compose(request: ContactRequest, settings: MailSettings) -> EmailMessage:
    """The mail to staff; Reply-To is the user's address when they gave an e-mail."""
    message = EmailMessage()
    message["Subject"] = f"Förderlotse: neue Kontaktanfrage Nr. {request.record_id}"
    message["From"] = settings.sender
    message["To"] = settings.to
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="foerderlotse")
    if EMAIL_REACH in request.reach:
        message["Reply-To"] = request.reach
    message.set_content(
        "Eine neue Kontaktanfrage über Förderlotse (mit Einwilligung der Person gespeichert):\n\n"
        f"Name: {request.name}\n"
        f"Erreichbar unter: {request.reach}\n"
        f"Sprache: {request.language}\n"
        f"Kanal: {request.channel}\n\n"
        f"Frage:\n{request.question}\n\n"
        "Alle Anfragen stehen in der Staff-Konsole unter /admin/insights (CSV-Export). "
        "Bitte antworten Sie direkt an die Person und löschen Sie die Mail, wenn sie erledigt ist."
    )
    return message


def send_handover_mail(request: ContactRequest, settings: MailSettings | None = None) -> bool:
    """Send the request to the staff address; False (logged without personal data) when mail
    is not configured or the server refuses. Blocking: call it in a thread from async code."""
    settings = settings or MailSettings.from_settings(load_settings())
    if not settings.enabled:
        logger.info("handover mail not configured", extra={"record_id": request.record_id})
        return False
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout_seconds) as smtp:
            if settings.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.user:
                smtp.login(settings.user, settings.password)
            smtp.send_message(compose(request, settings))
    except (OSError, smtplib.SMTPException) as error:
        logger.warning(
            "handover mail failed",
            extra={"record_id": request.record_id, "error_type": type(error).__name__},
        )
        return False
    logger.info("handover mail sent", extra={"record_id": request.record_id})
    return True
