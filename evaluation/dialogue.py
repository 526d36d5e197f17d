"""Sends each development question to the bot's /api/chat and reports the share answered well.

    python -m evaluation.dialogue [--questions FILE] [--url URL] [--json OUT]

Each question starts a fresh conversation. A question passes when any bot message (text or
button title) contains one of its `expect_any` strings, case-insensitively; when the bot asks
something back, the question's `followups` are sent in order until one passes or they run out.
Without a healthy bot at --url, the runner starts its own stack on free ports.
"""

import argparse
import json
import os
import sys
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from knowledge.settings import KnowledgeSettings
from stack.services import Stack
from stack.settings import PROJECT_ROOT, StackSettings, isolated

DEFAULT_QUESTIONS = PROJECT_ROOT.parent / "shared" / "eval" / "dev.yaml"


@dataclass
class Outcome:
    question: str
    passed: bool
    turns: int
    replies: list[str] = field(default_factory=list)


def post_chat(url: str, sender_id: str | None, message: str) -> tuple[str | None, list[str]]:
    """Send one message (without `sender_id`: a new conversation); return the sender id the
    server issued or kept, and the reply texts and button titles."""
    request_body: dict[str, str] = {"message": message}
    if sender_id:
        request_body["sender_id"] = sender_id
    body = json.dumps(request_body).encode()
    request = urllib.request.Request(
        f"{url}/api/chat", data=body, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            payload = json.loads(response.read())
    except urllib.error.HTTPError as error:
        payload = json.loads(error.read() or b"{}")
    texts = []
    for message_json in payload.get("messages", []):
        texts.append(message_json.get("text") or "")
        texts.extend(button["title"] for button in message_json.get("buttons", []))
        if isinstance(message_json.get("card"), dict):  # a result card: all of its fields
            texts.append(json.dumps(message_json["card"], ensure_ascii=False))
    return payload.get("sender_id") or sender_id, texts


def evaluate_question(url: str, item: dict[str, Any]) -> Outcome:
    sender_id: str | None = None  # issued by the server with the first answer
    expected = [e.lower() for e in item["expect_any"]]
    turns = [item["q"], *item.get("followups", [])]
    replies: list[str] = []
    for number, message in enumerate(turns, start=1):
        sender_id, texts = post_chat(url, sender_id, message)
        replies.extend(texts)
        if any(e in reply.lower() for reply in replies for e in expected):
            return Outcome(item["q"], True, number, replies)
    return Outcome(item["q"], False, len(turns), replies)


def is_healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=3) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def run(questions: list[dict[str, Any]], url: str) -> list[Outcome]:
    outcomes = []
    for item in questions:
        outcome = evaluate_question(url, item)
        mark = "PASS" if outcome.passed else "FAIL"
        print(f"{mark}  ({outcome.turns} turn{'s' if outcome.turns > 1 else ''})  {item['q']}")
        if not outcome.passed:
            print(f"      expected any of {item['expect_any']}; got: {outcome.replies[:3]}")
        outcomes.append(outcome)
    return outcomes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument("--url", default="http://127.0.0.1:8080")
    parser.add_argument("--json", type=Path, help="also write the outcomes here")
    args = parser.parse_args()
    questions = yaml.safe_load(args.questions.read_text(encoding="utf-8"))
    stack = None
    url = args.url.rstrip("/")
    if not is_healthy(url):
        data_dir = Path(tempfile.mkdtemp(prefix="foerderlotse-eval-"))
        KnowledgeSettings.from_env().copy_to(data_dir)
        settings = isolated(StackSettings.from_env(), data_dir)
        print(f"No bot at {url}; starting one on port {settings.web_port} …")
        os.environ.setdefault("RATE_LIMIT_PER_IP", "100000")
        stack = Stack(settings)
        url = f"http://127.0.0.1:{settings.web_port}"
    try:
        if stack:
            stack.start()
        outcomes = run(questions, url)
    finally:
        if stack:
            stack.stop()
    passed = sum(o.passed for o in outcomes)
    print(f"\n{passed}/{len(outcomes)} answered well ({100 * passed / len(outcomes):.0f} %)")
    if args.json:
        args.json.write_text(json.dumps([vars(o) for o in outcomes], ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
