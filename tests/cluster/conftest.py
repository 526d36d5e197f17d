"""The cluster under test: two Rasa processes on a PostgreSQL database of its own (created and
dropped per test run) and the real Redis lock store (a key prefix of its own), two action
servers and the web API, all on free ports of 127.0.0.1."""

import json
import os
import subprocess
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg2
import pytest

from common.settings import load_settings
from knowledge.settings import KnowledgeSettings
from stack.cluster import Cluster, ClusterSettings
from stack.settings import StackSettings, free_port, isolated
from tests.conftest import TODAY, RunningStack

PG_ADMIN = {"host": "127.0.0.1", "port": 5432, "user": "postgres", "dbname": "postgres"}


def create_database(name: str) -> str:
    """A fresh PostgreSQL database; returns its URL."""
    connection = psycopg2.connect(**PG_ADMIN)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    return f"postgresql://postgres@127.0.0.1:5432/{name}"


def drop_database(name: str) -> None:
    connection = psycopg2.connect(**PG_ADMIN)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    connection.close()


def drop_redis_keys(prefix: str) -> None:
    keys = subprocess.run(
        ["redis-cli", "-n", "1", "--scan", "--pattern", f"{prefix}:*"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    if keys:
        subprocess.run(["redis-cli", "-n", "1", "del", *keys], capture_output=True, check=False)


class RunningCluster(RunningStack):
    """The running cluster, with helpers to talk to one Rasa process directly."""

    stack: Cluster

    def rasa_port(self, index: int) -> int:
        return self.stack.cluster.rasa_ports[index]

    def rasa_turn(self, index: int, sender_id: str, message: str) -> tuple[int, Any]:
        """One turn through Rasa process `index`'s REST channel."""
        body = json.dumps({"sender": sender_id, "message": message}).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.rasa_port(index)}/webhooks/rest/webhook",
            data=body,
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, None

    def tracker(self, index: int, sender_id: str) -> dict[str, Any]:
        """The conversation as Rasa process `index` reads it (HTTP API, with the token)."""
        url = (
            f"http://127.0.0.1:{self.rasa_port(index)}/conversations/{sender_id}/tracker"
            f"?token={self.stack.rasa_auth_token}"
        )
        with urllib.request.urlopen(url, timeout=30) as response:
            return json.loads(response.read())


def start_cluster(
    data_dir: Path, knowledge: KnowledgeSettings, database_url: str, prefix: str
) -> Cluster:
    os.environ.pop("TELEGRAM_BOT_TOKEN", None)
    os.environ["RATE_LIMIT_PER_IP"] = "100000"
    os.environ["RATE_LIMIT_PER_SENDER"] = "100000"
    defaults = StackSettings.from_settings(load_settings())
    if not defaults.model_path.exists():
        pytest.fail(f"No trained model at {defaults.model_path}: run `make train` first.")
    knowledge.copy_to(data_dir)
    stack = isolated(defaults, data_dir, today=TODAY)
    settings = ClusterSettings(
        stack=stack,
        rasa_ports=(free_port(), free_port()),
        action_ports=(free_port(), free_port()),
        database_url=database_url,
        redis_prefix=prefix,
    )
    cluster = Cluster(settings)
    cluster.start()
    return cluster


@pytest.fixture(scope="session")
def cluster_database() -> Iterator[tuple[str, str]]:
    """A PostgreSQL database and a Redis key prefix of this test run."""
    name = f"fl_test_{uuid.uuid4().hex[:10]}"
    prefix = f"fltest{uuid.uuid4().hex[:10]}"
    url = create_database(name)
    try:
        yield url, prefix
    finally:
        drop_database(name)
        drop_database(f"{name}_events")
        drop_redis_keys(prefix)


@pytest.fixture(scope="session")
def running_cluster(
    tmp_path_factory: pytest.TempPathFactory,
    shipped_settings: KnowledgeSettings,
    cluster_database: tuple[str, str],
) -> Iterator[RunningCluster]:
    url, prefix = cluster_database
    cluster = start_cluster(tmp_path_factory.mktemp("cluster"), shipped_settings, url, prefix)
    try:
        yield RunningCluster(cluster, f"http://127.0.0.1:{cluster.settings.web_port}")
    finally:
        cluster.stop()
