"""Command line of the staff console.

python -m console create-user NAME [--replace]   password from ADMIN_PASSWORD or a prompt
python -m console retention [--days N]          delete conversations and records older than N days
                                                  (and log files older than LOG_RETENTION_DAYS)
"""

import argparse
import getpass
import os
import sys

from common.logs import configure_logging
from common.settings import load_settings
from console.accounts import AccountError, Accounts
from console.log_retention import delete_old_logs
from console.retention import apply_retention
from console.settings import AdminSettings


def _password() -> str:
    """ADMIN_PASSWORD for scripts, else asked twice without echo; never printed."""
    from_env = os.environ.get("ADMIN_PASSWORD")
    if from_env:
        return from_env
    first = getpass.getpass("Password: ")
    if getpass.getpass("Repeat password: ") != first:
        raise AccountError("the passwords differ")
    return first


def create_user(args: argparse.Namespace, settings: AdminSettings) -> int:
    try:
        name = Accounts(settings.db_path).create(args.name, _password(), replace=args.replace)
    except AccountError as error:
        print(f"Not saved: {error}.", file=sys.stderr)
        return 1
    verb = "updated" if args.replace else "created"
    print(f"Staff account {name!r} {verb} in {settings.db_path}.")
    return 0


def retention(args: argparse.Namespace, settings: AdminSettings) -> int:
    days = args.days if args.days is not None else settings.retention_days
    try:
        result = apply_retention(
            settings.tracker_store, settings.records_db, days, events=settings.event_log
        )
        log_days = settings.log_retention_days
        logs = delete_old_logs(settings.log_dir, log_days)
    except ValueError as error:
        print(str(error), file=sys.stderr)
        return 1
    print(
        f"Retention {days} days (before {result.cutoff}): deleted {result.tracker_events} "
        f"tracker events, {result.logged_events} logged events and {result.records} records; "
        f"{logs} log files older than "
        f"{log_days} days."
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m console",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("create-user", help="create a staff account (or set a new password)")
    p.add_argument("name")
    p.add_argument("--replace", action="store_true", help="set a new password for a user")
    p = commands.add_parser("retention", help="delete conversations and records older than N days")
    p.add_argument("--days", type=int, help="default: ADMIN_RETENTION_DAYS (180)")
    return parser


COMMANDS = {"create-user": create_user, "retention": retention}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = load_settings()
    configure_logging()
    return COMMANDS[args.command](args, AdminSettings.from_settings(settings))
