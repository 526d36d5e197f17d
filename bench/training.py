"""The Rasa model: size of the served archive, and (only with --train) a timed `rasa train`
into a temporary directory with an empty cache, so the served model is never touched."""

import json
import os
import subprocess
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

from stack.settings import PROJECT_ROOT, StackSettings

TRAIN_TIMEOUT_SECONDS = 1800


def model_info(model_path: Path) -> dict[str, Any]:
    info: dict[str, Any] = {
        "path": str(model_path.relative_to(PROJECT_ROOT))
        if model_path.is_relative_to(PROJECT_ROOT)
        else str(model_path),
        "size_mib": round(model_path.stat().st_size / 1024 / 1024, 1),
    }
    try:
        with tarfile.open(model_path) as archive:
            member = archive.extractfile("metadata.json")
            metadata = json.loads(member.read()) if member else {}
        info["trained_at"] = metadata.get("trained_at")
        info["rasa_version"] = metadata.get("rasa_open_source_version")
    except (tarfile.TarError, KeyError, ValueError):
        pass
    return info


def timed_training(settings: StackSettings) -> dict[str, Any]:
    """`rasa train` from scratch (fresh cache, temporary output); seconds and model size."""
    with tempfile.TemporaryDirectory(prefix="bench-train-") as tmp:
        env = dict(os.environ)
        env.update(
            {
                "RASA_CACHE_DIRECTORY": str(Path(tmp) / "cache"),
                "RASA_TELEMETRY_ENABLED": "false",
                "PYTHONPATH": str(PROJECT_ROOT),
            }
        )
        command = [
            str(settings.rasa_bin), "train", "--config", "config.yml", "--domain", "domain",
            "--data", "data", "--out", str(Path(tmp) / "out"), "--fixed-model-name", "bench",
        ]  # fmt: skip
        start = time.perf_counter()
        completed = subprocess.run(
            command,
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=TRAIN_TIMEOUT_SECONDS,
        )
        seconds = time.perf_counter() - start
        model = Path(tmp) / "out" / "bench.tar.gz"
        return {
            "seconds": round(seconds, 1),
            "exit_code": completed.returncode,
            "size_mib": round(model.stat().st_size / 1024 / 1024, 1) if model.exists() else None,
            "log_tail": completed.stdout[-1500:] if completed.returncode else "",
        }
