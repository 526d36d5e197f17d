"""Ports, paths and interpreters of the stack, read from environment variables."""

import os
import socket
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class StackSettings:
    rasa_port: int = 5005
    action_port: int = 5055
    web_port: int = 8080
    web_host: str = "127.0.0.1"
    data_dir: Path = PROJECT_ROOT / "var"
    model_path: Path = PROJECT_ROOT / "models" / "foerderlotse.tar.gz"
    rasa_bin: Path = PROJECT_ROOT / ".venv-rasa" / "bin" / "rasa"
    app_python: Path = Path(sys.executable)
    tracker_db: Path = PROJECT_ROOT / "var" / "tracker.db"
    events_db: Path = PROJECT_ROOT / "var" / "events.db"
    today: str | None = None
    startup_timeout_seconds: float = 300.0

    @property
    def rasa_python(self) -> Path:
        """The Python of Rasa's environment (runs `python -m stack.rasa_main`)."""
        return self.rasa_bin.parent / "python"

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    @classmethod
    def from_env(cls) -> "StackSettings":
        env = os.environ
        data_dir = Path(env.get("FOERDERLOTSE_DATA_DIR", cls.data_dir)).resolve()
        return cls(
            rasa_port=int(env.get("RASA_PORT", cls.rasa_port)),
            action_port=int(env.get("ACTION_PORT", cls.action_port)),
            web_port=int(env.get("WEB_PORT", cls.web_port)),
            web_host=env.get("WEB_HOST", cls.web_host),
            data_dir=data_dir,
            tracker_db=Path(env.get("RASA_TRACKER_DB", data_dir / "tracker.db")).resolve(),
            events_db=Path(env.get("RASA_EVENTS_DB", data_dir / "events.db")).resolve(),
            model_path=Path(env.get("RASA_MODEL", cls.model_path)).resolve(),
            rasa_bin=Path(env.get("RASA_BIN", cls.rasa_bin)),
            today=env.get("FOERDERLOTSE_TODAY") or None,
        )


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def isolated(settings: StackSettings, data_dir: Path, **changes: Any) -> StackSettings:
    """`settings` on free ports with a data directory of its own (tests, `make eval`, bench)."""
    return replace(
        settings,
        rasa_port=free_port(),
        action_port=free_port(),
        web_port=free_port(),
        data_dir=data_dir,
        tracker_db=data_dir / "tracker.db",
        events_db=data_dir / "events.db",
        **changes,
    )
