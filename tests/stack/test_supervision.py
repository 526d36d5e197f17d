"""Issue #15, item 6: a crashed service is restarted with capped backoff while the others keep
running, an optional adapter never stops the start, and start-up refuses taken ports. The
services here are tiny Python processes, so no Rasa is needed."""

import socket
import sys
from pathlib import Path

import pytest

from stack.services import Service, Stack, StartupError, restart_delay, taken_ports
from stack.settings import StackSettings, isolated

SLEEPER = "import time; print('up', flush=True); time.sleep(600)"
CRASHER = "import sys; print('cannot reach the Bot API', flush=True); sys.exit(3)"


def tiny(name: str, code: str, log_dir: Path, optional: bool = False) -> Service:
    return Service(
        name=name,
        command=[sys.executable, "-c", code],
        health_url=None,
        log_path=log_dir / f"{name}.log",
        env={"PATH": "/usr/bin:/bin"},
        optional=optional,
    )


@pytest.fixture
def settings(tmp_path: Path) -> StackSettings:
    return isolated(StackSettings(), tmp_path / "data", startup_timeout_seconds=20)


def test_restart_delay_doubles_up_to_a_cap() -> None:
    assert [restart_delay(n) for n in range(1, 9)] == [1, 2, 4, 8, 16, 32, 60, 60]
    assert restart_delay(3, cap_seconds=3) == 3


def test_a_crashed_service_is_restarted_with_backoff_while_the_others_keep_running(
    settings: StackSettings,
) -> None:
    log_dir = settings.log_dir
    steady = tiny("web", SLEEPER, log_dir)
    crashing = tiny("rasa", CRASHER, log_dir)
    stack = Stack(settings, services=[steady, crashing])
    try:
        steady.start()
        crashing.start()
        steady_pid = steady.process.pid if steady.process else None
        delays = []
        now = 0.0
        for _ in range(4):
            assert crashing.process is not None
            crashing.process.wait(timeout=30)
            events = stack.supervise(now=now)
            assert len(events) == 1 and "rasa exited (3)" in events[0]
            assert crashing.restart_at is not None
            delays.append(crashing.restart_at - now)
            assert stack.supervise(now=crashing.restart_at - 0.1) == []  # not yet
            now = crashing.restart_at
            assert stack.supervise(now=now) == ["rasa restarted"]
        assert delays == [1, 2, 4, 8]
        assert steady.is_running()
        assert steady.process is not None and steady.process.pid == steady_pid
    finally:
        stack.stop()


def test_backoff_is_forgotten_once_a_service_runs_steadily(settings: StackSettings) -> None:
    service = tiny("web", SLEEPER, settings.log_dir)
    stack = Stack(settings, services=[service])
    try:
        service.start()
        service.failures, service.started_at = 5, 0.0
        stack.supervise(now=30.0, stable_seconds=60)
        assert service.failures == 5
        stack.supervise(now=61.0, stable_seconds=60)
        assert service.failures == 0
    finally:
        stack.stop()


def test_an_optional_adapter_that_fails_does_not_stop_the_start(settings: StackSettings) -> None:
    required = tiny("web", SLEEPER, settings.log_dir)
    telegram = tiny("telegram", CRASHER, settings.log_dir, optional=True)
    stack = Stack(settings, services=[required, telegram])
    try:
        stack.start()
        assert telegram.process is not None
        telegram.process.wait(timeout=30)
        assert required.is_running()
        assert stack.supervise(now=0.0) == ["telegram exited (3); restart in 1 s"]
        assert required.is_running()
    finally:
        stack.stop()
    assert "cannot reach the Bot API" in telegram.log_tail()


def test_the_real_telegram_adapter_is_optional(
    settings: StackSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:fake")
    monkeypatch.setenv("TELEGRAM_MODE", "polling")
    services = {service.name: service for service in Stack(settings).services}
    assert services["telegram"].optional
    assert not any(services[name].optional for name in ("rasa", "action-server", "web"))


def test_start_refuses_when_a_port_is_taken(settings: StackSettings) -> None:
    service = tiny("web", SLEEPER, settings.log_dir)
    stack = Stack(settings, services=[service])
    with socket.socket() as old_stack:
        old_stack.bind(("127.0.0.1", settings.web_port))
        old_stack.listen()
        assert taken_ports(settings) == [f"web API {settings.web_port}"]
        with pytest.raises(StartupError, match=f"port in use: web API {settings.web_port}"):
            stack.start()
    assert service.process is None  # nothing was started
    assert taken_ports(settings) == []
