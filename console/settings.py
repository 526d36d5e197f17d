"""Settings of the staff console (a view of `common.settings`)."""

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from common.settings import DEFAULT_DATA_DIR, MIN_ADMIN_SECRET_CHARS, Settings
from console.client_ip import Network, parse_networks
from knowledge.settings import KnowledgeSettings
from records.conversation_db import ConversationDb, event_log, tracker_store

_process_secret: bytes | None = None


def _process_key() -> bytes:
    """One random key per process, so sessions stay valid while the process runs."""
    global _process_secret
    if _process_secret is None:
        _process_secret = secrets.token_bytes(32)
    return _process_secret


@dataclass(frozen=True)
class AdminSettings:
    """Where the console keeps its accounts, which data it reads, and how sessions behave."""

    db_path: Path
    knowledge: KnowledgeSettings
    records_db: Path
    tracker_db: Path
    secret_key: bytes = field(repr=False)
    secure_cookies: bool = False
    session_hours: float = 8.0
    retention_days: int = 180
    max_failed_logins: int = 5
    lockout_minutes: int = 15
    max_failed_logins_per_ip: int = 20
    slowdown_after: int = 5
    slowdown_max_seconds: float = 30.0
    trusted_proxies: tuple[Network, ...] = ()
    log_dir: Path = DEFAULT_DATA_DIR / "logs"
    log_retention_days: int = 14
    low_confidence: float = 0.6
    generated_secret: bool = False
    # Rasa's tracker store and the event log on SQLite or PostgreSQL (records.conversation_db);
    # unset: SQLite, `tracker_db` and `events.db` beside it.
    tracker_override: ConversationDb | None = None
    events_override: ConversationDb | None = None

    def __post_init__(self) -> None:
        if len(self.secret_key) < MIN_ADMIN_SECRET_CHARS:
            raise ValueError(f"the secret key must have at least {MIN_ADMIN_SECRET_CHARS} bytes")

    @property
    def tracker_store(self) -> ConversationDb:
        return self.tracker_override or ConversationDb.sqlite(self.tracker_db)

    @property
    def event_log(self) -> ConversationDb:
        return self.events_override or ConversationDb.sqlite(self.tracker_db.with_name("events.db"))

    @property
    def session_seconds(self) -> int:
        return int(self.session_hours * 3600)

    @classmethod
    def from_settings(cls, settings: Settings) -> "AdminSettings":
        secret = settings.admin_secret_key
        return cls(
            db_path=settings.admin_db_path,
            knowledge=KnowledgeSettings.from_settings(settings),
            records_db=settings.records_db_path,
            tracker_db=settings.tracker_db_path,
            tracker_override=tracker_store(settings),
            events_override=event_log(settings),
            secret_key=secret.encode() if secret else _process_key(),
            generated_secret=not secret,
            secure_cookies=settings.admin_secure_cookies,
            session_hours=settings.admin_session_hours,
            retention_days=settings.admin_retention_days,
            low_confidence=settings.admin_low_confidence,
            max_failed_logins=settings.admin_max_failed_logins,
            lockout_minutes=settings.admin_lockout_minutes,
            max_failed_logins_per_ip=settings.admin_max_failed_logins_per_ip,
            slowdown_after=settings.admin_slowdown_after,
            slowdown_max_seconds=settings.admin_slowdown_max_seconds,
            trusted_proxies=parse_networks(settings.admin_trusted_proxies),
            log_dir=settings.log_dir,
            log_retention_days=settings.log_retention_days,
        )
