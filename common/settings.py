"""Every setting of Förderlotse in one object, read from the environment and `.env`.

`load_settings()` is the one place that reads them: each field is the environment variable of
the same name in capitals (`rasa_port` is `RASA_PORT`), documented in the README ("Settings")
and `.env.example`. A variable in the environment wins over the same one in `.env`; an empty
value means the default. The data folder is resolved here once; the parts of the application
get views of this object (`BotSettings.from_settings`, `StackSettings.from_settings`, …).

Rasa's own process (Python 3.10, pydantic 1) cannot import this module: the supervisor hands
Rasa its variables through the environment (`process_environment`).
"""

import os
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from dotenv import dotenv_values
from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from knowledge.embeddings import DEFAULT_EMBEDDER

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENV_FILE = PROJECT_ROOT / ".env"
DEFAULT_DATA_DIR = PROJECT_ROOT / "var"
MIN_ADMIN_SECRET_CHARS = 16

Port = Annotated[int, Field(ge=1, le=65535)]
Positive = Annotated[int, Field(ge=1)]
Seconds = Annotated[float, Field(gt=0)]
Secret = Annotated[str, Field(repr=False)]
OptionalSecret = Annotated[str | None, Field(repr=False)]


class Settings(BaseSettings):
    """All settings; field `x_y` is the environment variable `X_Y`."""

    model_config = SettingsConfigDict(
        env_file=ENV_FILE,
        env_file_encoding="utf-8",
        env_ignore_empty=True,
        extra="ignore",
        frozen=True,
    )

    # Services and where they are
    rasa_port: Port = 5005
    action_port: Port = 5055
    web_port: Port = 8080
    web_host: str = "127.0.0.1"
    action_host: str = "127.0.0.1"
    rasa_url: str | None = None  # default: http://127.0.0.1:$RASA_PORT; comma-separated list
    action_server_base_url: str | None = None  # default: http://127.0.0.1:$ACTION_PORT
    rasa_model: Path = PROJECT_ROOT / "models" / "foerderlotse.tar.gz"
    rasa_bin: Path = PROJECT_ROOT / ".venv-rasa" / "bin" / "rasa"
    rasa_auth_token: Secret = ""
    action_server_token: Secret = ""
    action_max_body_bytes: Positive = 4 * 1024 * 1024
    rasa_max_body_bytes: Positive = 1024 * 1024

    # Runtime data
    foerderlotse_data_dir: Path = DEFAULT_DATA_DIR
    rasa_tracker_db: Path | None = None
    rasa_events_db: Path | None = None
    knowledge_db: Path | None = None
    records_db: Path | None = None
    admin_db: Path | None = None

    # Web API
    max_message_chars: Positive = 2000
    rasa_timeout_seconds: Seconds = 30.0
    web_allowed_origins: str = ""  # comma-separated
    rate_limit_per_sender: Positive = 20
    rate_limit_per_ip: Positive = 60
    rate_limit_delete_per_ip: Positive = 10
    web_sender_key: Secret = ""

    # Knowledge
    knowledge_content_dir: Path = PROJECT_ROOT / "knowledge" / "content"
    knowledge_embedder: str = DEFAULT_EMBEDDER
    foerderlotse_today: date | None = None
    foerderlotse_ending_soon_days: Annotated[int, Field(ge=0)] = 90

    # Records and handover
    records_key: Secret = ""
    smtp_host: str = ""
    smtp_port: Port = 587
    smtp_user: str = ""
    smtp_password: Secret = ""
    smtp_starttls: bool = True
    handover_email_to: str = ""
    handover_email_from: str = ""  # default: SMTP_USER

    # Telegram
    telegram_bot_token: Secret = ""
    telegram_mode: str = "polling"
    telegram_webhook_url: str = ""
    telegram_webhook_secret: Secret = ""
    telegram_base_url: str = "https://api.telegram.org/bot"

    # Staff console
    admin_secret_key: Secret = ""
    admin_secure_cookies: bool = False
    admin_session_hours: Seconds = 8.0
    admin_retention_days: Positive = 180
    admin_low_confidence: Annotated[float, Field(ge=0, le=1)] = 0.6
    admin_max_failed_logins: Positive = 5
    admin_lockout_minutes: Positive = 15
    admin_max_failed_logins_per_ip: Positive = 20
    admin_slowdown_after: Positive = 5
    admin_slowdown_max_seconds: Seconds = 30.0
    admin_trusted_proxies: str = ""  # comma-separated addresses or networks
    admin_retention_batch: Positive = 500

    # Logs
    log_level: str = "INFO"
    log_max_bytes: Positive = 10 * 1024 * 1024
    log_backups: Annotated[int, Field(ge=0)] = 5
    log_retention_days: Positive = 14

    # Read inside Rasa's process (stack/rasa_guard.py); checked here so a typo stops the start
    rasa_tracker_busy_seconds: Seconds = 5.0
    rasa_max_events_per_sender: Positive = 5000
    rasa_max_turns_per_day: Positive = 300
    event_log_types: str = "user"

    # Cluster (make run-cluster)
    rasa_processes: Positive = 2
    action_servers: Positive = 2
    database_url: OptionalSecret = None
    events_database_url: OptionalSecret = None
    redis_url: Secret = "redis://127.0.0.1:6379/1"
    redis_key_prefix: str = "foerderlotse"
    ticket_lock_lifetime: Positive = 10

    @field_validator("foerderlotse_data_dir")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        return value.resolve()

    @field_validator("admin_secret_key")
    @classmethod
    def _long_enough(cls, value: str) -> str:
        if value and len(value) < MIN_ADMIN_SECRET_CHARS:
            raise ValueError(f"must have at least {MIN_ADMIN_SECRET_CHARS} characters")
        return value

    @property
    def data_dir(self) -> Path:
        return self.foerderlotse_data_dir

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def tracker_db_path(self) -> Path:
        return self.rasa_tracker_db or self.data_dir / "tracker.db"

    @property
    def events_db_path(self) -> Path:
        return self.rasa_events_db or self.data_dir / "events.db"

    @property
    def knowledge_db_path(self) -> Path:
        return self.knowledge_db or self.data_dir / "knowledge.db"

    @property
    def records_db_path(self) -> Path:
        return self.records_db or self.data_dir / "records.db"

    @property
    def admin_db_path(self) -> Path:
        return self.admin_db or self.data_dir / "admin.db"


def load_settings(env_file: Path | None = ENV_FILE) -> Settings:
    """The settings from the environment and `env_file`; an invalid value stops the program
    with a message naming the variable (never its value, which may be a secret). Read again
    only when the environment changed (tests change it), so helpers may call it per use."""
    return _load(env_file, tuple(os.environ.items()))


@lru_cache(maxsize=8)
def _load(env_file: Path | None, environment: tuple[tuple[str, str], ...]) -> Settings:
    try:
        return Settings(_env_file=env_file)
    except ValidationError as error:
        problems = "; ".join(
            f"{str(problem['loc'][0]).upper()}: {problem['msg']}" for problem in error.errors()
        )
        raise SystemExit(f"Invalid setting – {problems} (see README, Settings).") from None


def process_environment(env_file: Path | None = ENV_FILE) -> dict[str, str]:
    """The environment a service process gets: `.env` under the real environment, so services
    that read variables themselves (Rasa) see the same values as `load_settings`."""
    from_file = dotenv_values(env_file) if env_file and env_file.exists() else {}
    return {
        **{name: value for name, value in from_file.items() if value},
        **os.environ,
    }
