"""Settings of the channel adapters, read from environment variables."""

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "var"


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
    def from_env(cls) -> "BotSettings":
        env = os.environ
        rasa_port = env.get("RASA_PORT", "5005")
        action_port = env.get("ACTION_PORT", "5055")
        return cls(
            rasa_url=env.get("RASA_URL", f"http://127.0.0.1:{rasa_port}"),
            rasa_auth_token=env.get("RASA_AUTH_TOKEN", ""),
            action_server_url=env.get("ACTION_SERVER_BASE_URL", f"http://127.0.0.1:{action_port}"),
            web_host=env.get("WEB_HOST", cls.web_host),
            web_port=int(env.get("WEB_PORT", cls.web_port)),
            max_message_chars=int(env.get("MAX_MESSAGE_CHARS", cls.max_message_chars)),
            rasa_timeout_seconds=float(env.get("RASA_TIMEOUT_SECONDS", cls.rasa_timeout_seconds)),
            allowed_origins=tuple(
                origin.strip().rstrip("/")
                for origin in env.get("WEB_ALLOWED_ORIGINS", "").split(",")
                if origin.strip()
            ),
            messages_per_minute_per_sender=int(
                env.get("RATE_LIMIT_PER_SENDER", cls.messages_per_minute_per_sender)
            ),
            messages_per_minute_per_ip=int(
                env.get("RATE_LIMIT_PER_IP", cls.messages_per_minute_per_ip)
            ),
            deletes_per_minute_per_ip=int(
                env.get("RATE_LIMIT_DELETE_PER_IP", cls.deletes_per_minute_per_ip)
            ),
            data_dir=Path(env.get("FOERDERLOTSE_DATA_DIR", DEFAULT_DATA_DIR)),
            sender_key=env.get("WEB_SENDER_KEY", "").encode(),
        )
