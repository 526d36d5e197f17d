"""The action server serves only Rasa: loopback, a token, bodies capped (also after deflate)."""

import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from common.settings import load_settings
from stack.actions_main import configure_environment, inflated_within, refusal
from stack.services import action_server, rasa_server, service_environment
from stack.settings import PROJECT_ROOT, StackSettings, free_port

TOKEN = "test-action-token"
LIMIT = 64 * 1024


def test_refusal_needs_the_token_except_for_health() -> None:
    assert refusal("/health", None, None, b"", TOKEN, LIMIT) is None
    assert refusal("/webhook", None, None, b"{}", TOKEN, LIMIT) == (401, "missing or wrong token")
    assert refusal("/actions", "wrong", None, b"", TOKEN, LIMIT)[0] == 401  # type: ignore[index]
    assert refusal("/webhook", TOKEN, None, b"{}", TOKEN, LIMIT) is None
    assert refusal("/webhook", None, None, b"{}", "", LIMIT) is None  # no token configured


def test_deflate_bodies_are_capped_after_decompression() -> None:
    bomb = zlib.compress(b"0" * (50 * 1024 * 1024), 9)
    assert len(bomb) < 100 * 1024
    assert inflated_within(bomb, LIMIT) is False
    assert refusal("/webhook", TOKEN, "deflate", bomb, TOKEN, LIMIT) == (
        413,
        "body too large after decompression",
    )
    small = zlib.compress(json.dumps({"next_action": "action_ping"}).encode())
    assert refusal("/webhook", TOKEN, "deflate", small, TOKEN, LIMIT) is None
    assert refusal("/webhook", TOKEN, "deflate", b"not deflate", TOKEN, LIMIT)[0] == 400  # type: ignore[index]


def test_binds_to_loopback_unless_told_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ACTION_HOST", raising=False)
    monkeypatch.delenv("ACTION_MAX_BODY_BYTES", raising=False)
    env: dict[str, str] = {"SANIC_HOST": "0.0.0.0"}
    configure_environment(env, load_settings(None))
    assert env["SANIC_HOST"] == "127.0.0.1"
    assert int(env["SANIC_REQUEST_MAX_SIZE"]) <= 4 * 1024 * 1024
    monkeypatch.setenv("ACTION_HOST", "10.0.0.5")
    monkeypatch.setenv("ACTION_MAX_BODY_BYTES", "1000")
    configure_environment(env, load_settings(None))
    assert (env["SANIC_HOST"], env["SANIC_REQUEST_MAX_SIZE"]) == ("10.0.0.5", "1000")


def test_the_stack_wires_token_loopback_and_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ACTION_SERVER_TOKEN", raising=False)
    settings = StackSettings()
    env = service_environment(settings)
    assert len(env["ACTION_SERVER_TOKEN"]) >= 32
    assert service_environment(settings)["ACTION_SERVER_TOKEN"] != env["ACTION_SERVER_TOKEN"]
    actions = action_server(settings, env)
    assert actions.command[1:3] == ["-m", "stack.actions_main"]
    rasa = rasa_server(settings, env)
    assert rasa.command[rasa.command.index("--interface") + 1] == "127.0.0.1"
    assert int(rasa.env["SANIC_REQUEST_MAX_SIZE"]) <= 1024 * 1024
    endpoints = (PROJECT_ROOT / "endpoints.yml").read_text()
    assert "token: ${ACTION_SERVER_TOKEN}" in endpoints


def non_loopback_address() -> str | None:
    """An address of this machine other than 127.x (None if it has none)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def post(url: str, body: bytes, **headers: str) -> int:
    request = urllib.request.Request(url, data=body, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture(scope="module")
def live_action_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    log: Path = tmp_path_factory.mktemp("actions") / "actions.log"
    env = {
        **os.environ,
        "ACTION_SERVER_TOKEN": TOKEN,
        "ACTION_MAX_BODY_BYTES": str(LIMIT),
        "PYTHONPATH": str(PROJECT_ROOT),
    }
    env.pop("ACTION_HOST", None)
    env.pop("SANIC_HOST", None)
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                str(StackSettings().app_python), "-m", "stack.actions_main",
                "--actions", "tests.stack.fake_actions", "--port", str(port),
            ],
            cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/health", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"action server did not start:\n{log.read_text()}")
                time.sleep(0.3)
        yield url
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=15)


def action_call() -> bytes:
    return json.dumps(
        {
            "next_action": "action_ping",
            "sender_id": "s",
            "version": "3.6.21",
            "tracker": {"sender_id": "s", "slots": {}, "latest_message": {}, "events": []},
            "domain": {},
        }
    ).encode()


def test_live_action_server_refuses_callers_without_the_token(live_action_server: str) -> None:
    json_type = {"Content-Type": "application/json"}
    assert post(live_action_server + "/webhook", action_call(), **json_type) == 401
    wrong = post(live_action_server + "/webhook?token=nope", action_call(), **json_type)
    assert wrong == 401
    right = post(live_action_server + f"/webhook?token={TOKEN}", action_call(), **json_type)
    assert right == 200


def test_live_action_server_caps_bodies(live_action_server: str) -> None:
    url = live_action_server + f"/webhook?token={TOKEN}"
    assert post(url, b"x" * (LIMIT + 1), **{"Content-Type": "application/json"}) == 413
    bomb = zlib.compress(b" " * (20 * 1024 * 1024), 9)
    status = post(url, bomb, **{"Content-Type": "application/json", "Content-Encoding": "deflate"})
    assert status == 413


def test_live_action_server_listens_on_loopback_only(live_action_server: str) -> None:
    address = non_loopback_address()
    if address is None:
        pytest.skip("this machine has no address besides loopback")
    port = int(live_action_server.rsplit(":", 1)[1])
    with socket.socket() as sock:
        sock.settimeout(2)
        assert sock.connect_ex((address, port)) != 0
