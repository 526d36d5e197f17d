"""Issue #15, item 5: service logs are rotated by size and redacted line by line."""

import logging
import sys
from pathlib import Path
from typing import Any

from common.logs import configure_logging
from stack.logfiles import RotatingLog, redact
from stack.services import Service

CANARY = "Kanarienvogel-7f3a Müller GmbH"


def test_quoted_user_text_is_redacted_from_library_lines() -> None:
    lines = [
        f"2026-12-01 ERROR rasa.core.channels.rest - An exception occured while handling "
        f"user message '{CANARY}'.",
        f'DEBUG rasa.core.processor - Received user message "{CANARY}" with intent',
        f'{{"event": "x", "text": "{CANARY} \\"quoted\\" more"}}',
        f"UserWarning: Parsing of message text: '{CANARY}' failed",
    ]
    for line in lines:
        assert CANARY not in redact(line)
        assert "<redacted>" in redact(line)
    plain = '{"event": "chat relayed", "sender": "web-1", "ms": 12}'
    assert redact(plain) == plain


def test_logs_rotate_by_size_keeping_a_fixed_number_of_files(tmp_path: Path) -> None:
    log = RotatingLog(tmp_path / "web.log", max_bytes=100, backups=3)
    for number in range(40):
        log.write(f"line {number:04d} of the log, twenty-odd bytes\n".encode())
    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == ["web.log", "web.log.1", "web.log.2", "web.log.3"]
    assert all(path.stat().st_size <= 100 for path in tmp_path.iterdir())
    assert "line 0039" in (tmp_path / "web.log").read_text()


def test_a_service_output_goes_through_the_filter_into_its_log(tmp_path: Path) -> None:
    code = f"print('handling user message {CANARY!r}', flush=True); print('done', flush=True)"
    service = Service(
        name="talker",
        command=[sys.executable, "-c", code],
        health_url=None,
        log_path=tmp_path / "talker.log",
        env={"PATH": "/usr/bin:/bin"},
    )
    service.start()
    assert service.process is not None
    service.process.wait(timeout=30)
    assert service.log_thread is not None
    service.log_thread.join(timeout=30)
    text = service.log_tail()
    assert "done" in text
    assert CANARY not in text


def test_library_info_lines_with_urls_are_not_logged(capsys: Any) -> None:
    """httpx logs every Bot API URL at INFO, and the URL holds the Telegram bot token."""
    configure_logging("INFO")
    try:
        logging.getLogger("httpx").info(
            'HTTP Request: POST https://api.telegram.org/bot123:SECRET/sendMessage "200 OK"'
        )
        logging.getLogger("httpx").warning("connection pool full")
        logging.getLogger("bot.telegram").info("telegram message relayed")
    finally:
        logging.getLogger().handlers.clear()
    err = capsys.readouterr().err
    assert "SECRET" not in err
    assert "connection pool full" in err
    assert "telegram message relayed" in err
