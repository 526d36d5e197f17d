"""Command line of the stack.

python -m stack run       start all services, wait until healthy, stop them on Ctrl-C
python -m stack cluster   the same with several Rasa processes and action servers on
                          PostgreSQL and Redis (`make run-cluster`, see stack/cluster.py)
python -m stack stories   run Rasa's test stories against a real action server
"""

import argparse
import logging
import signal
import subprocess
import sys
import threading
import time

from common.logs import configure_logging
from common.settings import load_settings
from stack.cluster import Cluster, ClusterSettings
from stack.services import Stack, StartupError, action_server, service_environment
from stack.settings import PROJECT_ROOT, StackSettings

logger = logging.getLogger("stack")
RETENTION_INTERVAL_SECONDS = 24 * 3600


def apply_retention(settings: StackSettings) -> None:
    """Delete conversations and records older than ADMIN_RETENTION_DAYS (runs daily)."""
    subprocess.run(
        [str(settings.app_python), "-m", "console", "retention"],
        cwd=PROJECT_ROOT,
        env=service_environment(settings),
        check=False,
        timeout=300,
    )


def run(settings: StackSettings, cluster: ClusterSettings | None = None) -> int:
    stop_requested = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop_requested.set())
    try:
        stack = Cluster(cluster) if cluster else Stack(settings)
    except ValueError as error:
        print(f"Start failed: {error}", file=sys.stderr)
        return 1
    if cluster:
        print(
            f"Starting {len(cluster.rasa_ports)} Rasa processes, {len(cluster.action_ports)} "
            "action servers and the web API on PostgreSQL and Redis …"
        )
    else:
        print("Starting Rasa, the action server and the web API (Rasa needs about a minute) …")
    try:
        stack.start()
    except (StartupError, OSError) as error:
        print(f"Start failed: {error}", file=sys.stderr)
        return 1
    host = "localhost" if settings.web_host in ("127.0.0.1", "0.0.0.0") else settings.web_host
    print(
        f"\nFörderlotse is healthy.\n"
        f"  Chat:        http://{host}:{settings.web_port}/\n"
        f"  Chat API:    POST http://{host}:{settings.web_port}/api/chat\n"
        f"  Health:      http://{host}:{settings.web_port}/healthz\n"
        f"  Staff:       http://{host}:{settings.web_port}/admin/\n"
        f"  Logs:        {settings.log_dir}/\n"
        f"Press Ctrl-C to stop.",
        flush=True,
    )
    next_retention = 0.0
    while not stop_requested.wait(timeout=1.0):
        if time.monotonic() >= next_retention:
            apply_retention(settings)
            next_retention = time.monotonic() + RETENTION_INTERVAL_SECONDS
        for event in stack.supervise():  # a crashed service restarts; the others keep serving
            print(event, file=sys.stderr, flush=True)
    print("Stopping …")
    stack.stop()
    print("Stopped.")
    return 0


def run_test_stories(settings: StackSettings) -> int:
    """Start the action server alone and run `rasa test core` on tests/stories/."""
    env = service_environment(settings)
    actions = action_server(settings, env)
    actions.start()
    try:
        deadline_checks = int(settings.startup_timeout_seconds * 2)
        for _ in range(deadline_checks):
            if actions.is_healthy() or not actions.is_running():
                break
            threading.Event().wait(0.5)
        if not actions.is_healthy():
            print(f"Action server did not start:\n{actions.log_tail()}", file=sys.stderr)
            return 1
        command = [
            str(settings.rasa_bin), "test", "core",
            "--model", str(settings.model_path),
            "--stories", "tests/stories",
            "--endpoints", "endpoints.yml",
            "--out", str(settings.data_dir / "results" / "stories"),
            "--fail-on-prediction-errors",
        ]  # fmt: skip
        return subprocess.run(command, cwd=PROJECT_ROOT, env=env, check=False).returncode
    finally:
        actions.stop()


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m stack", description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["run", "cluster", "stories"], nargs="?", default="run")
    args = parser.parse_args()
    settings = load_settings()
    configure_logging()
    stack = StackSettings.from_settings(settings)
    if args.command == "stories":
        return run_test_stories(stack)
    if args.command == "cluster":
        return run(stack, ClusterSettings.from_settings(settings, stack))
    return run(stack)


if __name__ == "__main__":
    sys.exit(main())
