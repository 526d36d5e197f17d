"""Settings of the channel adapters (a view of `common.settings`)."""

from dataclasses import dataclass, field
from pathlib import Path

from common.settings import DEFAULT_DATA_DIR, Settings


@dataclass(frozen=True)
class BotSettings:
    """Where Rasa and the action server are, and how the web API behaves."""

    rasa_url: str = "http://127.0.0.1:5005"
    # For Rasa's HTTP API (/status); the stack sets one per start. Kept out of repr (logs).
    rasa_auth_token: str = field(default="", repr=False)
    action_server_url: str = "http://127.0.0.1:5055"
    web_host: str = "127.0.0.1"
    web_port: int = 8080
    max_message_chars: int = 2000
    rasa_timeout_seconds: float = 30.0
    health_timeout_seconds: float = 2.0
    allowed_origins: tuple[str, ...] = ()
    messages_per_minute_per_sender: int = 20
    messages_per_minute_per_ip: int = 60
    deletes_per_minute_per_ip: int = 10
    data_dir: Path = DEFAULT_DATA_DIR
    # Signs the sender ids the web API issues (WEB_SENDER_KEY, else a key file in data_dir,
    # loaded by `bot.web.main`). Kept out of repr (logs).
    sender_key: bytes = field(default=b"", repr=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> "BotSettings":
        return cls(
            rasa_url=settings.rasa_url or f"http://127.0.0.1:{settings.rasa_port}",
            rasa_auth_token=settings.rasa_auth_token,
            action_server_url=(
                settings.action_server_base_url or f"http://127.0.0.1:{settings.action_port}"
            ),
            web_host=settings.web_host,
            web_port=settings.web_port,
            max_message_chars=settings.max_message_chars,
            rasa_timeout_seconds=settings.rasa_timeout_seconds,
            allowed_origins=tuple(
                origin.strip().rstrip("/")
                for origin in settings.web_allowed_origins.split(",")
                if origin.strip()
            ),
            messages_per_minute_per_sender=settings.rate_limit_per_sender,
            messages_per_minute_per_ip=settings.rate_limit_per_ip,
            deletes_per_minute_per_ip=settings.rate_limit_delete_per_ip,
            data_dir=settings.data_dir,
            sender_key=settings.web_sender_key.encode(),
        )
