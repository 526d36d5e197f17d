"""Issue #15, item 5: retention covers the log files too."""

import os
import time
from pathlib import Path

import pytest

from console.cli import main
from console.settings import AdminSettings
from stack.logfiles import RotatingLog


def _age(path: Path, days: float) -> None:
    stamp = time.time() - days * 86400
    os.utime(path, (stamp, stamp))


def test_retention_command_deletes_log_files_older_than_the_log_period(
    admin_settings: AdminSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOG_RETENTION_DAYS", "14")
    log_dir = admin_settings.log_dir
    log_dir.mkdir(parents=True)
    files = {name: log_dir / name for name in ("rasa.log", "rasa.log.1", "web.log.3", "notes.txt")}
    for path in files.values():
        path.write_text("line\n")
    _age(files["rasa.log.1"], 20)
    _age(files["web.log.3"], 15)
    _age(files["notes.txt"], 30)
    assert main(["retention"]) == 0
    assert sorted(path.name for path in log_dir.iterdir()) == ["notes.txt", "rasa.log"]


def test_a_log_file_is_begun_anew_each_day(tmp_path: Path) -> None:
    now = [1000.0]
    log = RotatingLog(tmp_path / "web.log", clock=lambda: now[0])
    log.write(b"first day\n")
    now[0] += 3600
    log.write(b"same day\n")
    assert not (tmp_path / "web.log.1").exists()
    now[0] += 86400
    log.write(b"next day\n")
    assert (tmp_path / "web.log.1").read_text() == "first day\nsame day\n"
    assert (tmp_path / "web.log").read_text() == "next day\n"
