"""Signed session cookies (HMAC-SHA256) and the per-session CSRF token.

The cookie holds the user (None before sign-in), a random nonce and the expiry; nothing is
stored on the server. The CSRF token is derived from the nonce, so a new session (after sign-in
or sign-out) also gets a new token.
"""

import base64
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

COOKIE_NAME = "foerderlotse_admin"


@dataclass(frozen=True)
class Session:
    user: str | None
    nonce: str
    expires: float


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SessionCodec:
    """Issues, signs and checks sessions with one secret key."""

    def __init__(
        self, secret: bytes, lifetime_seconds: int, clock: Callable[[], float] = time.time
    ) -> None:
        self._secret = secret
        self.lifetime_seconds = lifetime_seconds
        self._clock = clock

    def issue(self, user: str | None) -> Session:
        return Session(user, secrets.token_urlsafe(16), self._clock() + self.lifetime_seconds)

    def dumps(self, session: Session) -> str:
        payload = _b64encode(
            json.dumps({"u": session.user, "n": session.nonce, "e": session.expires}).encode()
        )
        return f"{payload}.{self._sign('session', payload)}"

    def loads(self, value: str | None) -> Session | None:
        """The session in a cookie value, or None if it is missing, forged or expired."""
        if not value or value.count(".") != 1:
            return None
        payload, signature = value.split(".")
        if not hmac.compare_digest(signature.encode(), self._sign("session", payload).encode()):
            return None
        try:
            data = json.loads(_b64decode(payload))
            session = Session(data["u"], str(data["n"]), float(data["e"]))
        except (ValueError, KeyError, TypeError):
            return None
        return session if session.expires > self._clock() else None

    def csrf_token(self, session: Session) -> str:
        return self._sign("csrf", session.nonce)

    def check_csrf(self, session: Session | None, token: str | None) -> bool:
        if session is None or not token:
            return False
        return hmac.compare_digest(token.encode(), self.csrf_token(session).encode())

    def _sign(self, purpose: str, text: str) -> str:
        message = f"{purpose}|{text}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()
