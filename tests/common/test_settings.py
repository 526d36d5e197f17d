"""The one settings object: environment and `.env`, the environment winning, clear errors."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from common.settings import PROJECT_ROOT, load_settings, process_environment


def write_env_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / ".env"
    path.write_text(text, encoding="utf-8")
    return path


def test_env_file_is_read_and_the_environment_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env_file = write_env_file(tmp_path, "WEB_PORT=9090\nRASA_PORT=6006\nRECORDS_KEY=from-file\n")
    monkeypatch.delenv("WEB_PORT", raising=False)
    monkeypatch.delenv("RECORDS_KEY", raising=False)
    monkeypatch.setenv("RASA_PORT", "7007")

    settings = load_settings(env_file)

    assert settings.web_port == 9090
    assert settings.records_key == "from-file"
    assert settings.rasa_port == 7007


def test_services_get_the_env_file_under_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env_file = write_env_file(tmp_path, "RASA_TRACKER_BUSY_SECONDS=9\nEVENT_LOG_TYPES=*\n")
    monkeypatch.delenv("RASA_TRACKER_BUSY_SECONDS", raising=False)
    monkeypatch.setenv("EVENT_LOG_TYPES", "user")

    env = process_environment(env_file)

    assert env["RASA_TRACKER_BUSY_SECONDS"] == "9"
    assert env["EVENT_LOG_TYPES"] == "user"


def test_defaults_and_the_data_folder_resolved_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("RASA_TRACKER_DB", "KNOWLEDGE_DB", "RECORDS_DB", "ADMIN_DB", "WEB_PORT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FOERDERLOTSE_DATA_DIR", "data")
    monkeypatch.setenv("RASA_EVENTS_DB", str(tmp_path / "elsewhere.db"))

    settings = load_settings(None)

    assert settings.web_port == 8080
    assert settings.data_dir == tmp_path / "data"
    assert settings.tracker_db_path == tmp_path / "data" / "tracker.db"
    assert settings.knowledge_db_path == tmp_path / "data" / "knowledge.db"
    assert settings.records_db_path == tmp_path / "data" / "records.db"
    assert settings.admin_db_path == tmp_path / "data" / "admin.db"
    assert settings.events_db_path == tmp_path / "elsewhere.db"


def test_an_empty_value_means_the_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SMTP_PORT", raising=False)
    monkeypatch.setenv("FOERDERLOTSE_TODAY", "")

    settings = load_settings(write_env_file(tmp_path, "SMTP_PORT=\n"))

    assert settings.smtp_port == 587
    assert settings.foerderlotse_today is None


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("RASA_PORT", "abc"),
        ("WEB_PORT", "70000"),
        ("RATE_LIMIT_PER_IP", "0"),
        ("FOERDERLOTSE_TODAY", "24.11.2026"),
        ("ADMIN_SECURE_COOKIES", "maybe"),
    ],
)
def test_an_invalid_value_stops_the_start_naming_the_variable(
    name: str, value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit, match=f"Invalid setting – {name}: ") as stopped:
        load_settings(None)
    assert value not in str(stopped.value)


def test_a_short_staff_secret_is_refused_without_showing_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ADMIN_SECRET_KEY", "short-secret")
    with pytest.raises(SystemExit, match=r"ADMIN_SECRET_KEY: .*at least 16 characters") as stopped:
        load_settings(None)
    assert "short-secret" not in str(stopped.value)


def test_secrets_stay_out_of_the_representation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMTP_PASSWORD", "geheim-passwort")
    monkeypatch.setenv("DATABASE_URL", "postgresql://anna:geheim-passwort@db/fl")
    assert "geheim-passwort" not in repr(load_settings(None))


@pytest.mark.parametrize("module", ["stack", "bot.web"])
def test_an_entry_point_with_an_invalid_value_stops_with_one_line(module: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "WEB_PORT": "abc"}
    started = subprocess.run(
        [sys.executable, "-m", module],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert started.returncode == 1
    assert "Invalid setting – WEB_PORT: Input should be a valid integer" in started.stderr
    assert "Traceback" not in started.stderr
