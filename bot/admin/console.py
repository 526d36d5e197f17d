"""The console's shared objects, reachable from every handler through `CONSOLE_KEY`."""

from dataclasses import dataclass

from aiohttp import web

from bot.admin.accounts import Accounts
from bot.admin.audit import AuditLog
from bot.admin.editing import KnowledgeEditor
from bot.admin.session_store import SessionStore
from bot.admin.sessions import Session, SessionCodec
from bot.admin.settings import AdminSettings
from bot.admin.throttle import LoginThrottle
from bot.admin.trash import Trash
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
