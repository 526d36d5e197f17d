"""Tracker store and event log on SQLite and PostgreSQL (tests/conversation_stores.py)."""

from tests.conversation_stores import postgresql_urls, stores  # noqa: F401
