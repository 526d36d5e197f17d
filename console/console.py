"""The console's shared objects, reachable from every handler through `CONSOLE_KEY`."""

from dataclasses import dataclass

from aiohttp import web

from console.accounts import Accounts
from console.audit import AuditLog
from console.editing import KnowledgeEditor
from console.session_store import SessionStore
from console.sessions import Session, SessionCodec
from console.settings import AdminSettings
from console.throttle import LoginThrottle
from console.trash import Trash
from knowledge.store import KnowledgeStore


@dataclass
class Console:
    settings: AdminSettings
    accounts: Accounts
    throttle: LoginThrottle
    sessions: SessionCodec
    active_sessions: SessionStore
    audit: AuditLog
    trash: Trash
    store: KnowledgeStore
    editor: KnowledgeEditor


CONSOLE_KEY = web.AppKey("admin_console", Console)
SESSION_KEY = web.RequestKey("admin_session", Session)


def console_of(request: web.Request) -> Console:
    return request.app[CONSOLE_KEY]


def current_user(request: web.Request) -> str:
    """The signed-in user (the guard lets only signed-in requests reach protected handlers)."""
    return request[SESSION_KEY].user or ""
