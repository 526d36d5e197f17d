"""Checks that run inside the Rasa environment (`.venv-rasa`), from the project root."""

import subprocess

from stack.settings import PROJECT_ROOT, StackSettings


def run_in_rasa(
    script: str, *args: str, timeout: float = 300, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `script` with Rasa's Python; it must exit 0 with "ok" as its last output."""
    result = subprocess.run(
        [str(StackSettings().rasa_python), "-c", script, *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().endswith("ok"), result.stderr[-3000:]
    return result
