"""The staff console as an aiohttp sub-application, mounted with
`app.add_subapp("/admin", create_admin_app(AdminSettings.from_settings(settings)))`."""

import logging
from pathlib import Path

from aiohttp import web

from bot.security import security_headers
from console.accounts import Accounts
from console.audit import AuditLog
from console.auth import guard, login, login_page, logout, no_store
from console.console import CONSOLE_KEY, Console
from console.editing import KnowledgeEditor
from console.pages import redirect, url
from console.session_store import SessionStore
from console.sessions import SessionCodec
from console.settings import AdminSettings
from console.throttle import LoginThrottle
from console.trash import Trash
from console.views import audit, editing, insights, knowledge, privacy, status
from knowledge.base import KnowledgeBase
from knowledge.embeddings import Embedder

logger = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).parent / "static"


async def home(request: web.Request) -> web.Response:
    return redirect(url(request, "knowledge"))


def build_console(settings: AdminSettings, embedder: Embedder | None) -> Console:
    base = KnowledgeBase(settings.knowledge, embedder)
    audit_log = AuditLog(settings.db_path, base.store)
    trash = Trash(settings.db_path)
    return Console(
        settings=settings,
        accounts=Accounts(settings.db_path),
        throttle=LoginThrottle(
            settings.db_path,
            max_failures=settings.max_failed_logins,
            window_seconds=settings.lockout_minutes * 60,
            max_failures_per_ip=settings.max_failed_logins_per_ip,
            slowdown_after=settings.slowdown_after,
            slowdown_max_seconds=settings.slowdown_max_seconds,
        ),
        sessions=SessionCodec(settings.secret_key, settings.session_seconds),
        active_sessions=SessionStore(settings.db_path),
        audit=audit_log,
        trash=trash,
        store=base.store,
        editor=KnowledgeEditor(base, trash),
    )


def add_routes(app: web.Application) -> None:
    router = app.router
    router.add_get("/", home, name="home")
    login_resource = router.add_resource("/login", name="login")
    login_resource.add_route("GET", login_page)
    login_resource.add_route("POST", login)
    router.add_post("/logout", logout, name="logout")
    router.add_static("/static/", STATIC_DIR, name="static")
    router.add_get("/knowledge", knowledge.list_entries, name="knowledge")
    new = router.add_resource("/knowledge/new", name="entry.new")
    new.add_route("GET", editing.new_entry_form)
    new.add_route("POST", editing.create_entry)
    router.add_get("/knowledge/{entry_id}", knowledge.show_entry, name="entry")
    edit = router.add_resource("/knowledge/{entry_id}/edit", name="entry.edit")
    edit.add_route("GET", editing.edit_entry_form)
    edit.add_route("POST", editing.update_entry)
    router.add_post("/knowledge/{entry_id}/end", editing.end_entry, name="entry.end")
    router.add_post("/knowledge/{entry_id}/delete", editing.delete_entry, name="entry.delete")
    router.add_get("/trash", editing.trash_page, name="trash")
    router.add_post("/trash/{item:\\d+}/restore", editing.restore_entry, name="trash.restore")
    router.add_get("/audit", audit.audit_page, name="audit")
    router.add_get("/insights", insights.insights_page, name="insights")
    router.add_get("/insights/contacts.csv", insights.contacts_csv, name="insights.contacts_csv")
    router.add_get("/privacy", privacy.privacy_page, name="privacy")
    router.add_post("/privacy/erase", privacy.erase_sender_data, name="privacy.erase")
    router.add_post("/privacy/retention", privacy.apply_retention_now, name="privacy.retention")
    router.add_get("/api/status", status.status, name="api.status")


def create_admin_app(settings: AdminSettings, embedder: Embedder | None = None) -> web.Application:
    """The console. A save embeds the changed entry with `embedder` (by default the configured
    one, loaded on the first save) and swaps in the new base file at once."""
    if settings.generated_secret:
        logger.warning("ADMIN_SECRET_KEY is not set: random key, staff sessions end on restart")
    app = web.Application(middlewares=[security_headers(()), no_store, guard])
    app[CONSOLE_KEY] = build_console(settings, embedder)
    add_routes(app)
    return app


def mount_admin(
    app: web.Application,
    settings: AdminSettings,
    prefix: str = "/admin",
    embedder: Embedder | None = None,
) -> None:
    """Mount the console under `prefix` (and send `prefix` without slash to its home)."""

    async def to_console(request: web.Request) -> web.Response:
        return redirect(f"{prefix}/")

    app.router.add_get(prefix, to_console)  # before the sub-app, which also matches `prefix`
    app.add_subapp(prefix, create_admin_app(settings, embedder))
