"""Ports, paths and interpreters of the stack (a view of `common.settings`)."""

import socket
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from common.settings import DEFAULT_DATA_DIR, PROJECT_ROOT, Settings


@dataclass(frozen=True)
class StackSettings:
    rasa_port: int = 5005
    action_port: int = 5055
    web_port: int = 8080
    web_host: str = "127.0.0.1"
    data_dir: Path = DEFAULT_DATA_DIR
    model_path: Path = PROJECT_ROOT / "models" / "foerderlotse.tar.gz"
    rasa_bin: Path = PROJECT_ROOT / ".venv-rasa" / "bin" / "rasa"
    app_python: Path = Path(sys.executable)
    tracker_db: Path = DEFAULT_DATA_DIR / "tracker.db"
    events_db: Path = DEFAULT_DATA_DIR / "events.db"
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
    def from_settings(cls, settings: Settings) -> "StackSettings":
        return cls(
            rasa_port=settings.rasa_port,
            action_port=settings.action_port,
            web_port=settings.web_port,
            web_host=settings.web_host,
            data_dir=settings.data_dir,
            tracker_db=settings.tracker_db_path.resolve(),
            events_db=settings.events_db_path.resolve(),
            model_path=settings.rasa_model.resolve(),
            rasa_bin=settings.rasa_bin,
            today=settings.foerderlotse_today.isoformat() if settings.foerderlotse_today else None,
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
