"""The staff console under /admin: sign-in, knowledge editing with audit log, insights and
data protection (see `create_admin_app`, and `python -m bot.admin` for accounts and retention)."""

from bot.admin.app import create_admin_app, mount_admin
from bot.admin.settings import AdminSettings

__all__ = ["AdminSettings", "create_admin_app", "mount_admin"]
