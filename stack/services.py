"""Each service of the stack as a child process with a health URL, started and stopped in order,
and supervised: a service that exits is started again after a capped exponential backoff while
the others keep serving; an optional service (the Telegram adapter) never stops the start.
"""

import logging
import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from common.settings import process_environment
from stack.logfiles import RotatingLog, log_limits, pump
from stack.settings import PROJECT_ROOT, StackSettings

logger = logging.getLogger(__name__)


class StartupError(RuntimeError):
    """A service exited or did not become healthy in time, or a port is taken."""


def restart_delay(failures: int, base_seconds: float = 1.0, cap_seconds: float = 60.0) -> float:
    """Seconds before the next start of a service that has exited `failures` times in a row."""
    return float(min(base_seconds * 2 ** max(failures - 1, 0), cap_seconds))


@dataclass
class Service:
    name: str
    command: list[str]
    health_url: str | None  # None: healthy while running (no HTTP endpoint of its own)
    log_path: Path
    env: dict[str, str]
    optional: bool = False  # an optional service's failure never stops the others
    process: subprocess.Popen | None = field(default=None, repr=False)
    failures: int = 0  # exits in a row (reset once it has run for `stable_seconds`)
    restart_at: float | None = None  # when the supervisor starts it again
    started_at: float = 0.0
    log_thread: threading.Thread | None = field(default=None, repr=False)

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        max_bytes, backups = log_limits()
        self.process = subprocess.Popen(
            self.command,
            cwd=PROJECT_ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        assert self.process.stdout is not None
        self.log_thread = pump(self.process.stdout, RotatingLog(self.log_path, max_bytes, backups))
        self.started_at = time.monotonic()
        self.restart_at = None
        logger.info("service started", extra={"service": self.name, "pid": self.process.pid})

    def is_running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def is_healthy(self) -> bool:
        if self.health_url is None:
            return self.is_running()
        try:
            with urllib.request.urlopen(self.health_url, timeout=2) as response:
                return response.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def stop(self, grace_seconds: float = 15.0) -> None:
        if not self.is_running():
            return
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=grace_seconds)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        logger.info("service stopped", extra={"service": self.name})

    def log_tail(self, lines: int = 30) -> str:
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


def prepare_tracker_store(path: Path) -> None:  # also used for the event log
    """Put Rasa's SQLite conversation store in write-ahead-log mode (kept in the file): each
    turn's commit no longer waits for a full journal sync (measured: p50 of one conversation
    45 → 35 ms), and the staff console reads while Rasa writes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as connection:
        mode = connection.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    connection.close()
    if mode != "wal":
        logger.warning("tracker store not in WAL mode", extra={"journal_mode": mode})


def service_environment(settings: StackSettings) -> dict[str, str]:
    """The environment every service gets: the settings (`.env` under the environment), and
    nothing reaching the internet."""
    env = process_environment()
    # The single stack keeps conversations in SQLite even where a cluster's DATABASE_URL is set
    # (it would send erasure, retention and insights to PostgreSQL).
    env.pop("DATABASE_URL", None)
    env.pop("EVENTS_DATABASE_URL", None)
    env.update(
        {
            "RASA_PORT": str(settings.rasa_port),
            "ACTION_PORT": str(settings.action_port),
            "WEB_PORT": str(settings.web_port),
            "WEB_HOST": settings.web_host,
            "FOERDERLOTSE_DATA_DIR": str(settings.data_dir),
            "ACTION_SERVER_URL": f"http://127.0.0.1:{settings.action_port}/webhook",
            "RASA_TRACKER_DB": str(settings.tracker_db),
            "RASA_EVENTS_DB": str(settings.events_db),
            "RASA_TELEMETRY_ENABLED": "false",
            "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
            "PYTHONPATH": str(PROJECT_ROOT),
            # Rasa's HTTP API (tracker, model, status) accepts only callers with this token; a
            # new random one per start unless set. The REST channel (/webhooks) needs none.
            # stack/rasa_main.py passes it to Rasa (not on the command line).
            "RASA_AUTH_TOKEN": env.get("RASA_AUTH_TOKEN") or secrets.token_urlsafe(32),
            # Rasa sends it to the action server (endpoints.yml `token:`), which refuses calls
            # without it (stack/actions_main.py).
            "ACTION_SERVER_TOKEN": env.get("ACTION_SERVER_TOKEN") or secrets.token_urlsafe(32),
        }
    )
    if settings.today:
        env["FOERDERLOTSE_TODAY"] = settings.today
    return env


def action_server(settings: StackSettings, env: dict[str, str]) -> Service:
    return Service(
        name="action-server",
        command=[
            str(settings.app_python), "-m", "stack.actions_main",
            "--actions", "actions", "--port", str(settings.action_port),
        ],
        health_url=f"http://127.0.0.1:{settings.action_port}/health",
        log_path=settings.log_dir / "action-server.log",
        env=env,
    )  # fmt: skip


def rasa_api_url(port: int, path: str, token: str) -> str:
    """A URL of Rasa's HTTP API on 127.0.0.1 with the token as query parameter."""
    return f"http://127.0.0.1:{port}{path}?{urllib.parse.urlencode({'token': token})}"


RASA_MAX_BODY_BYTES = 1024 * 1024


def rasa_server(settings: StackSettings, env: dict[str, str]) -> Service:
    """Rasa on 127.0.0.1 only, request bodies capped (Sanic reads SANIC_REQUEST_MAX_SIZE;
    its default is 100 MB)."""
    env = {
        **env,
        "SANIC_REQUEST_MAX_SIZE": env.get("RASA_MAX_BODY_BYTES") or str(RASA_MAX_BODY_BYTES),
    }
    return Service(
        name="rasa",
        command=[
            str(settings.rasa_python), "-m", "stack.rasa_main", "run", "--enable-api",
            "--interface", "127.0.0.1", "--port", str(settings.rasa_port),
            "--model", str(settings.model_path),
            "--endpoints", "endpoints.yml", "--credentials", "credentials.yml",
        ],
        health_url=rasa_api_url(settings.rasa_port, "/status", env["RASA_AUTH_TOKEN"]),
        log_path=settings.log_dir / "rasa.log",
        env=env,
    )  # fmt: skip


def web_server(settings: StackSettings, env: dict[str, str]) -> Service:
    return Service(
        name="web",
        command=[str(settings.app_python), "-m", "bot.web"],
        health_url=f"http://127.0.0.1:{settings.web_port}/healthz",
        log_path=settings.log_dir / "web.log",
        env=env,
    )


def telegram_adapter(settings: StackSettings, env: dict[str, str]) -> Service:
    return Service(
        name="telegram",
        command=[str(settings.app_python), "-m", "bot.telegram"],
        health_url=None,
        log_path=settings.log_dir / "telegram.log",
        env=env,
        optional=True,
    )


def port_in_use(host: str, port: int) -> bool:
    """Whether something listens on (host, port) already, so a service could not bind it."""
    bind_host = "127.0.0.1" if host in ("", "localhost") else host
    with socket.socket(socket.AF_INET6 if ":" in bind_host else socket.AF_INET) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((bind_host, port))
        except OSError:
            return True
    return False


def taken_ports(settings: StackSettings) -> list[str]:
    """The stack's ports that something else holds, as "service port" texts."""
    wanted = [
        ("Rasa", "127.0.0.1", settings.rasa_port),
        ("action server", "0.0.0.0", settings.action_port),
        ("web API", settings.web_host, settings.web_port),
    ]
    return [f"{name} {port}" for name, host, port in wanted if port_in_use(host, port)]


class Stack:
    """The services, started together and stopped in reverse order. The Telegram adapter runs
    only when TELEGRAM_BOT_TOKEN is set (long polling; webhook mode is served by the web API)."""

    def __init__(self, settings: StackSettings, services: list[Service] | None = None) -> None:
        self.settings = settings
        env = service_environment(settings)
        self.rasa_auth_token = env["RASA_AUTH_TOKEN"]
        self.action_server_token = env["ACTION_SERVER_TOKEN"]
        self.services = services or [
            action_server(settings, env),
            rasa_server(settings, env),
            web_server(settings, env),
        ]
        if (
            services is None
            and env.get("TELEGRAM_BOT_TOKEN")
            and (env.get("TELEGRAM_MODE", "polling") == "polling")
        ):
            self.services.append(telegram_adapter(settings, env))

    def start(self) -> None:
        """Start all services and wait until the required ones are healthy; on any failure stop
        what was started. Refuses to start when a port is taken (for example by a running
        stack, whose health checks would otherwise answer for this one)."""
        taken = taken_ports(self.settings)
        if taken:
            raise StartupError(
                f"port in use: {', '.join(taken)}. Is Förderlotse already running? Stop it, "
                "or choose other ports (RASA_PORT, ACTION_PORT, WEB_PORT)."
            )
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        prepare_tracker_store(self.settings.tracker_db)
        prepare_tracker_store(self.settings.events_db)
        try:
            for service in self.services:
                service.start()
            self.wait_until_healthy()
        except BaseException:
            self.stop()
            raise

    def wait_until_healthy(self, services: list[Service] | None = None) -> None:
        """Wait until `services` (all of the stack's by default) are healthy, at most the
        stack's start-up timeout."""
        deadline = time.monotonic() + self.settings.startup_timeout_seconds
        wanted = self.services if services is None else services
        pending = [service for service in wanted if not service.optional]
        while pending:
            for service in list(pending):
                if not service.is_running():
                    raise StartupError(f"{service.name} exited:\n{service.log_tail()}")
                if service.is_healthy():
                    pending.remove(service)
            if pending and time.monotonic() > deadline:
                names = ", ".join(s.name for s in pending)
                raise StartupError(f"not healthy in time: {names}\n{pending[0].log_tail()}")
            if pending:
                time.sleep(0.5)

    def first_exited(self) -> Service | None:
        return next((s for s in self.services if not s.is_running()), None)

    def supervise(
        self, now: float | None = None, stable_seconds: float = 60.0, cap_seconds: float = 60.0
    ) -> list[str]:
        """One round of supervision: schedule a restart for each service that has exited
        (after 1, 2, 4 … seconds, at most `cap_seconds`), start those that are due, and forget
        the failures of services that have run for `stable_seconds`. Returns what happened."""
        now = time.monotonic() if now is None else now
        events = []
        for service in self.services:
            if service.is_running():
                if service.failures and now - service.started_at >= stable_seconds:
                    service.failures = 0
                continue
            if service.restart_at is None:
                service.failures += 1
                delay = restart_delay(service.failures, cap_seconds=cap_seconds)
                service.restart_at = now + delay
                code = service.process.returncode if service.process else None
                logger.warning(
                    "service exited, restarting",
                    extra={"service": service.name, "exit_code": code, "delay_s": delay},
                )
                events.append(f"{service.name} exited ({code}); restart in {delay:g} s")
            elif now >= service.restart_at:
                service.start()
                service.started_at = now
                events.append(f"{service.name} restarted")
        return events

    def stop(self) -> None:
        for service in reversed(self.services):
            service.stop()
