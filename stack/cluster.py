"""`make run-cluster`: several Rasa processes and action servers behind one web API.

- N Rasa processes (`RASA_PROCESSES`, default 2) share Rasa's SQL tracker store on PostgreSQL
  (`DATABASE_URL`) and the Redis lock store (`REDIS_URL`), so any of them can serve any turn of
  any conversation (endpoints-cluster.yml).
- M action servers (`ACTION_SERVERS`, default 2). Rasa process i calls action server i mod M;
  when that one cannot be reached, `stack/rasa_main.py` fails over to the next one
  (`ACTION_SERVER_URLS`). All of them read the same knowledge-base file, which a staff edit
  replaces atomically, so an edit is live on every action server of this machine.
- The web API and the Telegram adapter get all Rasa URLs (`RASA_URL`, comma-separated) and spread
  turns over them round robin, trying the next process on a connection error or 5xx
  (`bot/rasa_client.py`).

Ports: Rasa `RASA_PORT`, `RASA_PORT`+1, …; action servers `ACTION_PORT`, `ACTION_PORT`+1, ….
"""

import logging
import urllib.parse
from dataclasses import dataclass, field, replace

from common.settings import Settings
from records.conversation_db import events_database_url
from stack.services import (
    Service,
    Stack,
    StartupError,
    action_server,
    port_in_use,
    rasa_server,
    service_environment,
    telegram_adapter,
    web_server,
)
from stack.settings import StackSettings

logger = logging.getLogger(__name__)

DEFAULT_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/foerderlotse"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/1"
ENDPOINTS_FILE = "endpoints-cluster.yml"


@dataclass(frozen=True)
class ClusterSettings:
    """How many processes of each kind, on which ports, with which shared stores."""

    stack: StackSettings
    rasa_ports: tuple[int, ...] = (5005, 5006)
    action_ports: tuple[int, ...] = (5055, 5056)
    database_url: str = field(default=DEFAULT_DATABASE_URL, repr=False)
    explicit_events_url: str | None = field(default=None, repr=False)
    redis_url: str = field(default=DEFAULT_REDIS_URL, repr=False)
    redis_prefix: str = "foerderlotse"
    # Rasa's own setting: a conversation's lock in Redis held by a process that died expires
    # after this many seconds (Rasa's default: 60), so its users continue soon.
    ticket_lock_lifetime: int = 10

    @property
    def events_url(self) -> str:
        """The event log's database (`EVENTS_DATABASE_URL`, default: `_events` appended)."""
        return events_database_url(self.database_url, self.explicit_events_url)

    @classmethod
    def from_settings(cls, settings: Settings, stack: StackSettings) -> "ClusterSettings":
        database_url = settings.database_url or DEFAULT_DATABASE_URL
        return cls(
            stack=stack,
            rasa_ports=tuple(stack.rasa_port + i for i in range(settings.rasa_processes)),
            action_ports=tuple(stack.action_port + i for i in range(settings.action_servers)),
            database_url=database_url,
            explicit_events_url=settings.events_database_url,
            redis_url=settings.redis_url,
            redis_prefix=settings.redis_key_prefix,
            ticket_lock_lifetime=settings.ticket_lock_lifetime,
        )


def database_environment(url: str, prefix: str = "CLUSTER_DB") -> dict[str, str]:
    """The parts of a `postgresql://user:password@host:port/db` URL as `prefix`_* variables."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres") or not parts.path.strip("/"):
        raise ValueError("DATABASE_URL must look like postgresql://user@host:5432/database")
    return {
        f"{prefix}_HOST": parts.hostname or "127.0.0.1",
        f"{prefix}_PORT": str(parts.port or 5432),
        f"{prefix}_NAME": urllib.parse.unquote(parts.path.strip("/")),
        f"{prefix}_USER": urllib.parse.unquote(parts.username or "postgres"),
        f"{prefix}_PASSWORD": urllib.parse.unquote(parts.password or ""),
    }


def redis_environment(url: str, prefix: str) -> dict[str, str]:
    """The parts of a `redis://[:password@]host:port/db` URL as CLUSTER_REDIS_* variables."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "redis":
        raise ValueError("REDIS_URL must look like redis://127.0.0.1:6379/1")
    if not prefix.isalnum():
        raise ValueError("REDIS_KEY_PREFIX must be letters and digits only")
    return {
        "CLUSTER_REDIS_HOST": parts.hostname or "127.0.0.1",
        "CLUSTER_REDIS_PORT": str(parts.port or 6379),
        "CLUSTER_REDIS_DB": parts.path.strip("/") or "0",
        "CLUSTER_REDIS_PASSWORD": urllib.parse.unquote(parts.password or ""),
        "CLUSTER_REDIS_PREFIX": prefix,
    }


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database of `url` if it does not exist (Rasa only creates tables)."""
    import psycopg2
    from psycopg2 import sql

    parts = database_environment(url)
    connection = psycopg2.connect(
        host=parts["CLUSTER_DB_HOST"],
        port=int(parts["CLUSTER_DB_PORT"]),
        user=parts["CLUSTER_DB_USER"],
        password=parts["CLUSTER_DB_PASSWORD"] or None,
        dbname="postgres",
        connect_timeout=10,
    )
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [parts["CLUSTER_DB_NAME"]]
            )
            if cursor.fetchone() is None:
                cursor.execute(
                    sql.SQL("CREATE DATABASE {}").format(sql.Identifier(parts["CLUSTER_DB_NAME"]))
                )
    finally:
        connection.close()


def url_list(ports: tuple[int, ...], suffix: str = "") -> str:
    return ",".join(f"http://127.0.0.1:{port}{suffix}" for port in ports)


def cluster_environment(settings: ClusterSettings) -> dict[str, str]:
    """What every service of the cluster gets: the stack's environment, the shared stores, and
    every Rasa and action-server URL."""
    env = service_environment(settings.stack)
    env.update(database_environment(settings.database_url))
    env.update(database_environment(settings.events_url, "CLUSTER_EVENTS_DB"))
    env.update(redis_environment(settings.redis_url, settings.redis_prefix))
    env.update(
        {
            "DATABASE_URL": settings.database_url,
            "EVENTS_DATABASE_URL": settings.events_url,
            "RASA_URL": url_list(settings.rasa_ports),
            "ACTION_SERVER_BASE_URL": url_list(settings.action_ports),
            "ACTION_SERVER_URLS": url_list(settings.action_ports, "/webhook"),
            "TICKET_LOCK_LIFETIME": str(settings.ticket_lock_lifetime),
        }
    )
    return env


def cluster_services(settings: ClusterSettings, env: dict[str, str]) -> list[Service]:
    """Action servers first, then the Rasa processes, then the web API (and Telegram)."""
    services: list[Service] = []
    for index, port in enumerate(settings.action_ports, start=1):
        service = action_server(replace(settings.stack, action_port=port), env)
        service.name = f"action-server-{index}"
        service.log_path = settings.stack.log_dir / f"{service.name}.log"
        services.append(service)
    for index, port in enumerate(settings.rasa_ports, start=1):
        own_action_port = settings.action_ports[(index - 1) % len(settings.action_ports)]
        rasa_env = {**env, "ACTION_SERVER_URL": f"http://127.0.0.1:{own_action_port}/webhook"}
        service = rasa_server(replace(settings.stack, rasa_port=port), rasa_env)
        service.command[service.command.index("endpoints.yml")] = ENDPOINTS_FILE
        service.name = f"rasa-{index}"
        service.log_path = settings.stack.log_dir / f"{service.name}.log"
        services.append(service)
    services.append(web_server(settings.stack, env))
    if env.get("TELEGRAM_BOT_TOKEN") and env.get("TELEGRAM_MODE", "polling") == "polling":
        services.append(telegram_adapter(settings.stack, env))
    return services


class Cluster(Stack):
    """The cluster's services, started, supervised and stopped like the single stack."""

    def __init__(self, settings: ClusterSettings) -> None:
        self.cluster = settings
        env = cluster_environment(settings)
        super().__init__(settings.stack, cluster_services(settings, env))
        self.rasa_auth_token = env["RASA_AUTH_TOKEN"]
        self.action_server_token = env["ACTION_SERVER_TOKEN"]
        self.env = env

    def service(self, name: str) -> Service:
        return next(service for service in self.services if service.name == name)

    def taken(self) -> list[str]:
        wanted = [("Rasa", "127.0.0.1", port) for port in self.cluster.rasa_ports]
        wanted += [("action server", "0.0.0.0", port) for port in self.cluster.action_ports]
        wanted.append(("web API", self.settings.web_host, self.settings.web_port))
        return [f"{name} {port}" for name, host, port in wanted if port_in_use(host, port)]

    def start(self) -> None:
        taken = self.taken()
        if taken:
            raise StartupError(
                f"port in use: {', '.join(taken)}. Is Förderlotse already running? Stop it, or "
                "choose other ports (RASA_PORT, ACTION_PORT, WEB_PORT)."
            )
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        try:
            ensure_database(self.cluster.database_url)
            ensure_database(self.cluster.events_url)
        except Exception as error:  # the URL may carry a password: name the type only
            raise StartupError(
                f"PostgreSQL at DATABASE_URL not reachable ({type(error).__name__})"
            ) from None
        try:
            # The first Rasa process creates Rasa's tables (tracker store, event log) alone:
            # the event broker does not retry a table creation that raced with another process.
            first = self.services.index(self.service("rasa-1")) + 1
            for service in self.services[:first]:
                service.start()
            self.wait_until_healthy(self.services[:first])
            for service in self.services[first:]:
                service.start()
            self.wait_until_healthy()
        except BaseException:
            self.stop()
            raise
