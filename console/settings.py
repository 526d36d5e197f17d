"""Settings of the staff console, read from environment variables with documented defaults."""

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from console.client_ip import Network, parse_networks
from knowledge.settings import PROJECT_ROOT, KnowledgeSettings
from records.conversation_db import ConversationDb, event_log, tracker_db_path, tracker_store
from records.store import default_path as records_db_path

MIN_SECRET_CHARS = 16
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
    log_dir: Path = PROJECT_ROOT / "var" / "logs"
    low_confidence: float = 0.6
    generated_secret: bool = False
    # Rasa's tracker store and the event log on SQLite or PostgreSQL (records.conversation_db);
    # unset: SQLite, `tracker_db` and `events.db` beside it.
    tracker_override: ConversationDb | None = None
    events_override: ConversationDb | None = None

    def __post_init__(self) -> None:
        if len(self.secret_key) < MIN_SECRET_CHARS:
            raise ValueError(f"the secret key must have at least {MIN_SECRET_CHARS} bytes")

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
    def from_env(cls) -> "AdminSettings":
        env = os.environ
        secret = env.get("ADMIN_SECRET_KEY", "")
        if secret and len(secret) < MIN_SECRET_CHARS:
            raise ValueError(f"ADMIN_SECRET_KEY must have at least {MIN_SECRET_CHARS} characters")
        data_dir = Path(env.get("FOERDERLOTSE_DATA_DIR", PROJECT_ROOT / "var"))
        return cls(
            db_path=Path(env.get("ADMIN_DB", data_dir / "admin.db")),
            knowledge=KnowledgeSettings.from_env(),
            records_db=records_db_path(),
            tracker_db=tracker_db_path(),
            tracker_override=tracker_store(),
            events_override=event_log(),
            secret_key=secret.encode() if secret else _process_key(),
            generated_secret=not secret,
            secure_cookies=env.get("ADMIN_SECURE_COOKIES", "0") == "1",
            session_hours=float(env.get("ADMIN_SESSION_HOURS", cls.session_hours)),
            retention_days=int(env.get("ADMIN_RETENTION_DAYS", cls.retention_days)),
            low_confidence=float(env.get("ADMIN_LOW_CONFIDENCE", cls.low_confidence)),
            max_failed_logins=int(env.get("ADMIN_MAX_FAILED_LOGINS", cls.max_failed_logins)),
            lockout_minutes=int(env.get("ADMIN_LOCKOUT_MINUTES", cls.lockout_minutes)),
            max_failed_logins_per_ip=int(
                env.get("ADMIN_MAX_FAILED_LOGINS_PER_IP", cls.max_failed_logins_per_ip)
            ),
            slowdown_after=int(env.get("ADMIN_SLOWDOWN_AFTER", cls.slowdown_after)),
            slowdown_max_seconds=float(
                env.get("ADMIN_SLOWDOWN_MAX_SECONDS", cls.slowdown_max_seconds)
            ),
            trusted_proxies=parse_networks(env.get("ADMIN_TRUSTED_PROXIES", "")),
            log_dir=data_dir / "logs",
        )
