"""Sender ids the server issues: random, signed with HMAC-SHA256, namespaced per channel.

An id looks like `web-<nonce>.<signature>`: 128 random bits and a 192-bit signature over the
channel and nonce. Only ids this server signed verify, so nobody can chat as, read from or erase
a conversation whose id they did not receive (Telegram's `telegram-<chat id>` never verifies).

The key comes from `WEB_SENDER_KEY`, else from `<data dir>/web_sender.key`, created on first
use with random content and mode 0600. The key is never logged.
"""

import base64
import hashlib
import hmac
import os
import re
import secrets
from pathlib import Path

KEY_FILE_NAME = "web_sender.key"
NONCE_BYTES = 16
SIGNATURE_CHARS = 32
ID_PATTERN = re.compile(r"([a-z]{1,16})-([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{32})")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


class SenderIds:
    """Issues and verifies signed sender ids with one secret key."""

    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("the sender key must be at least 16 bytes")
        self._key = key

    def __repr__(self) -> str:
        return "SenderIds(key=<hidden>)"

    def _signature(self, channel: str, nonce: str) -> str:
        digest = hmac.new(self._key, f"{channel}-{nonce}".encode(), hashlib.sha256).digest()
        return _b64(digest)[:SIGNATURE_CHARS]

    def issue(self, channel: str = "web") -> str:
        """A new, unguessable sender id for `channel`."""
        nonce = _b64(secrets.token_bytes(NONCE_BYTES))
        return f"{channel}-{nonce}.{self._signature(channel, nonce)}"

    def verify(self, sender_id: object, channel: str = "web") -> bool:
        """True only for an id this server issued for `channel`."""
        if not isinstance(sender_id, str):
            return False
        match = ID_PATTERN.fullmatch(sender_id)
        if match is None or match.group(1) != channel:
            return False
        expected = self._signature(channel, match.group(2))
        return hmac.compare_digest(expected, match.group(3))


def load_sender_key(data_dir: Path) -> bytes:
    """The key file in `data_dir` (created with mode 0600 if missing); used when
    `WEB_SENDER_KEY` is not set."""
    path = data_dir / KEY_FILE_NAME
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        os.chmod(path, 0o600)
        return path.read_bytes().strip()
    with os.fdopen(descriptor, "w") as key_file:
        key_file.write(secrets.token_urlsafe(32))
    return path.read_bytes().strip()
