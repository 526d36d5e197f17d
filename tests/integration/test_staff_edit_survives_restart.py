"""A staff edit survives the start-up of `make run` (its `make kb` step and a new stack) twice,
and is what the chat answers from before and after each restart."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.settings import KnowledgeSettings
from tests.conftest import TODAY, RunningStack, start_stack

QUESTION = "Wer zählt eigentlich als KMU?"
MARKER = "Hinweis der Redaktion: geprüft."
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def knowledge_command(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m knowledge …` as staff and `make kb` run it, on the stack's base."""
    env = {
        **os.environ,
        "KNOWLEDGE_DB": str(data_dir / "knowledge.db"),
        "PYTHONPATH": str(PROJECT_ROOT),
    }
    return subprocess.run(
        [sys.executable, "-m", "knowledge", *args],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_a_staff_edit_survives_make_run_twice(
    tmp_path_factory: pytest.TempPathFactory, shipped_settings: KnowledgeSettings
) -> None:
    stack = start_stack(tmp_path_factory, shipped_settings, TODAY)
    running = RunningStack.of(stack)
    data_dir = stack.settings.data_dir
    try:
        shown = knowledge_command(data_dir, "show", "faq-kmu-definition")
        answer = next(
            line.split(": ", 1)[1]
            for line in shown.stdout.splitlines()
            if line.startswith("answer_de:")
        )
        edited = knowledge_command(
            data_dir,
            "update",
            "faq-kmu-definition",
            f"answer_de={answer} {MARKER}",
            "--user",
            "anna",
        )
        assert edited.returncode == 0, edited.stderr
        assert MARKER in running.texts("before-restart", QUESTION)
        for restart in range(2):
            stack.stop()
            start_up = knowledge_command(data_dir, "ensure")  # the `make kb` step of `make run`
            assert start_up.returncode == 0, start_up.stderr
            assert "1 entries differ" in start_up.stdout
            stack.start()
            assert MARKER in running.texts(f"after-restart-{restart}", QUESTION)
        history = knowledge_command(data_dir, "history", "faq-kmu-definition")
        assert "cli:anna" in history.stdout
    finally:
        stack.stop()
