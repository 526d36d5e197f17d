"""The staff console under /admin: sign-in, knowledge editing with audit log, insights and
data protection (see `create_admin_app`, and `python -m console` for accounts and retention)."""

from console.app import create_admin_app, mount_admin
from console.settings import AdminSettings

__all__ = ["AdminSettings", "create_admin_app", "mount_admin"]
