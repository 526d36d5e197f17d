"""How `make run-cluster` is wired: settings from the environment, URLs taken apart for
endpoints-cluster.yml, each Rasa process with its own action server and all URLs for failover."""

from pathlib import Path

import pytest

from common.settings import load_settings
from stack.cluster import (
    ClusterSettings,
    cluster_environment,
    cluster_services,
    database_environment,
    redis_environment,
)
from stack.settings import StackSettings


def test_counts_and_ports_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASA_PROCESSES", "3")
    monkeypatch.setenv("ACTION_SERVERS", "2")
    monkeypatch.delenv("EVENTS_DATABASE_URL", raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@db.example:5432/fl")
    stack = StackSettings(rasa_port=7000, action_port=7100)
    settings = ClusterSettings.from_settings(load_settings(None), stack)
    assert settings.rasa_ports == (7000, 7001, 7002)
    assert settings.action_ports == (7100, 7101)
    assert settings.events_url == "postgresql://postgres@db.example:5432/fl_events"
    monkeypatch.setenv("RASA_PROCESSES", "0")
    with pytest.raises(SystemExit, match="RASA_PROCESSES"):
        load_settings(None)


def test_urls_are_taken_apart_and_bad_ones_refused() -> None:
    parts = database_environment("postgresql://anna:s%40cret@db.example:5433/fl")
    assert parts == {
        "CLUSTER_DB_HOST": "db.example",
        "CLUSTER_DB_PORT": "5433",
        "CLUSTER_DB_NAME": "fl",
        "CLUSTER_DB_USER": "anna",
        "CLUSTER_DB_PASSWORD": "s@cret",
    }
    assert redis_environment("redis://cache:6380/2", "fl")["CLUSTER_REDIS_DB"] == "2"
    for bad in ("mysql://x/y", "postgresql://host"):
        with pytest.raises(ValueError):
            database_environment(bad)
    with pytest.raises(ValueError):
        redis_environment("redis://cache", "not-alnum")


def test_each_rasa_process_has_its_own_action_server_and_knows_all(tmp_path: Path) -> None:
    settings = ClusterSettings(
        stack=StackSettings(data_dir=tmp_path, web_port=9000),
        rasa_ports=(7000, 7001, 7002),
        action_ports=(7100, 7101),
        database_url="postgresql://postgres@127.0.0.1:5432/fl",
    )
    env = cluster_environment(settings)
    services = cluster_services(settings, env)
    names = [service.name for service in services]
    assert names == [
        "action-server-1", "action-server-2", "rasa-1", "rasa-2", "rasa-3", "web",
    ]  # fmt: skip
    rasa = [service for service in services if service.name.startswith("rasa")]
    own = [service.env["ACTION_SERVER_URL"] for service in rasa]
    assert own == [
        "http://127.0.0.1:7100/webhook",
        "http://127.0.0.1:7101/webhook",
        "http://127.0.0.1:7100/webhook",
    ]
    assert all("endpoints-cluster.yml" in service.command for service in rasa)
    assert env["ACTION_SERVER_URLS"].count("/webhook") == 2
    assert env["RASA_URL"] == "http://127.0.0.1:7000,http://127.0.0.1:7001,http://127.0.0.1:7002"
    assert env["EVENTS_DATABASE_URL"].endswith("/fl_events")
    assert [service.log_path.name for service in rasa] == ["rasa-1.log", "rasa-2.log", "rasa-3.log"]
