"""Sends evaluation conversations to the bot's /api/chat and reports the share answered well.

    python -m evaluation.dialogue [--questions FILE] [--split dev|test|all] [--url URL] [--json OUT]
    python -m evaluation.dialogue --rejudge OUTCOMES.json [--questions FILE] [--split …]

Reads `evaluation/conversations.yaml` (see its header): each conversation has an `id`, a
`split` (dev or test), a `category`, a `lang`, `turns` (user messages), `expect_any`,
optional `expect_none` and optional `expect_lang`. The old format of ../shared/eval/dev.yaml
(`q`, `followups`, `expect_any`) is read too and counts as split `dev`.

Each conversation starts fresh. After every turn, everything the bot said so far (texts and
button titles) is judged; it passes when any `expect_any` string occurs (case-insensitively),
no `expect_none` string occurs, and, with `expect_lang: en`, no reply is German. Turns are sent
only until it passes (or can no longer pass). Without a healthy bot at --url, the runner starts
its own stack on free ports, with today's date fixed to --today (the date the expectations were
written for). The command reports; it never fails on a low score. `--rejudge` applies the
current pass rules and expectations to the replies stored in an earlier JSON, without a bot
(conversations whose turns changed since then are reported as they were answered).
"""

import argparse
import json
import os
import re
import sys
import tempfile
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from common.settings import load_settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_QUESTIONS = PROJECT_ROOT / "evaluation" / "conversations.yaml"
LEGACY_QUESTIONS = PROJECT_ROOT.parent / "shared" / "eval" / "dev.yaml"
SPLITS = ("dev", "test")
EVAL_TODAY = "2026-12-01"

# Frequent German words that are rare in English; a reply with at least three of them, and
# more of them than English ones, counts as German. Programme names stay German in English
# replies, so one or two German words are allowed.
GERMAN_WORDS = frozenset(
    "und der die das nicht ist für mit oder auch eine einen einem wir ihr ihre ihren bitte "
    "können welche gibt sind wird zum zur nach noch über sich dem den des sie ich kann".split()
)
ENGLISH_WORDS = frozenset(
    "the and you your is are for with of to can this which not we it be that".split()
)
GERMAN_BUTTON_WORDS = ("überspringen", "weitere", "neu anfangen", "nein", "zurück", "sonstige")


@dataclass(frozen=True)
class Conversation:
    id: str
    split: str
    category: str
    lang: str
    turns: list[str]
    expect_any: list[str]
    expect_none: list[str] = field(default_factory=list)
    expect_lang: str | None = None


@dataclass
class Reply:
    texts: list[str] = field(default_factory=list)
    buttons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Verdict:
    passed: bool
    final: bool  # no later turn can change it
    reason: str


@dataclass
class Outcome:
    id: str
    split: str
    category: str
    lang: str
    passed: bool
    reason: str
    turns_sent: int
    texts: list[str] = field(default_factory=list)
    buttons: list[str] = field(default_factory=list)


def conversation_from(item: dict[str, Any], number: int) -> Conversation:
    """One item of either format as a Conversation."""
    if "turns" in item:
        turns = [str(t) for t in item["turns"]]
    else:  # the old format: q plus followups
        turns = [str(item["q"]), *(str(t) for t in item.get("followups", []))]
    return Conversation(
        id=str(item.get("id") or f"legacy-{number:03d}"),
        split=str(item.get("split", "dev")),
        category=str(item.get("category", "legacy")),
        lang=str(item.get("lang", "de")),
        turns=turns,
        expect_any=[str(e) for e in item["expect_any"]],
        expect_none=[str(e) for e in item.get("expect_none", []) or []],
        expect_lang=item.get("expect_lang"),
    )


def load_conversations(path: Path) -> list[Conversation]:
    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [conversation_from(item, number) for number, item in enumerate(items, start=1)]


def select(conversations: list[Conversation], split: str) -> list[Conversation]:
    return [c for c in conversations if split == "all" or c.split == split]


def words(text: str) -> list[str]:
    return re.findall(r"[a-zäöüß]+", text.lower())


def is_german(text: str) -> bool:
    # Programme and centre names (bold), funders (in parentheses) and links stay German or
    # are not words; only the running text counts.
    text = re.sub(r"\*\*.*?\*\*|\([^()]*\)|https?://\S+", " ", text)
    tokens = words(text)
    german = sum(t in GERMAN_WORDS for t in tokens)
    english = sum(t in ENGLISH_WORDS for t in tokens)
    return german >= 3 and german > english


def german_button(title: str) -> bool:
    lowered = title.strip().lower()
    return lowered == "ja" or any(w in lowered for w in GERMAN_BUTTON_WORDS)


def judge(conversation: Conversation, reply: Reply) -> Verdict:
    """The pass rules, applied to everything the bot said so far."""
    said = [t.lower() for t in [*reply.texts, *reply.buttons]]
    for unwanted in conversation.expect_none:
        if any(unwanted.lower() in s for s in said):
            return Verdict(False, True, f"forbidden: {unwanted}")
    if conversation.expect_lang == "en":
        german = [t for t in reply.texts if is_german(t)]
        german += [b for b in reply.buttons if german_button(b)]
        if german:
            return Verdict(False, True, f"language: German reply: {german[0][:80]}")
    if any(e.lower() in s for s in said for e in conversation.expect_any):
        return Verdict(True, True, "ok")
    return Verdict(False, False, "expected text missing")


def post_chat(url: str, sender_id: str | None, message: str) -> tuple[str | None, Reply]:
    """Send one message (without `sender_id`: a new conversation); return the sender id the
    server issued or kept, and the reply's texts and button titles."""
    request_body: dict[str, str] = {"message": message}
    if sender_id:
        request_body["sender_id"] = sender_id
    request = urllib.request.Request(
        f"{url}/api/chat",
        data=json.dumps(request_body).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            payload = json.loads(response.read())
    except urllib.error.HTTPError as error:
        payload = json.loads(error.read() or b"{}")
    reply = Reply()
    for message_json in payload.get("messages", []):
        reply.texts.append(message_json.get("text") or "")
        reply.buttons.extend(button["title"] for button in message_json.get("buttons", []))
        if isinstance(message_json.get("card"), dict):  # a result card: the text of its fields
            reply.texts.append(card_text(message_json["card"]))
    return payload.get("sender_id") or sender_id, reply


def card_text(card: dict[str, Any]) -> str:
    """The values of a result card's fields, as the user reads them."""
    values: list[str] = []
    for value in card.values():
        if isinstance(value, str):
            values.append(value)
        elif isinstance(value, list):
            values.extend(str(item) for item in value if isinstance(item, str | int | float))
    return "\n".join(values)


def evaluate(url: str, conversation: Conversation) -> Outcome:
    sender_id: str | None = None  # issued by the server with the first answer
    so_far = Reply()
    verdict = Verdict(False, False, "no turns")
    sent = 0
    for message in conversation.turns:
        sender_id, reply = post_chat(url, sender_id, message)
        sent += 1
        so_far.texts.extend(reply.texts)
        so_far.buttons.extend(reply.buttons)
        verdict = judge(conversation, so_far)
        if verdict.final:
            break
    return Outcome(
        id=conversation.id,
        split=conversation.split,
        category=conversation.category,
        lang=conversation.lang,
        passed=verdict.passed,
        reason=verdict.reason,
        turns_sent=sent,
        texts=so_far.texts,
        buttons=so_far.buttons,
    )


def rejudge(conversations: list[Conversation], stored: Path) -> list[Outcome]:
    """The outcomes of an earlier run, judged again with the current rules and expectations."""
    by_id = {c.id: c for c in conversations}
    outcomes = []
    for item in json.loads(stored.read_text(encoding="utf-8"))["conversations"]:
        conversation = by_id.get(item["id"])
        if conversation is None:
            continue
        verdict = judge(conversation, Reply(item["texts"], item["buttons"]))
        item.update(passed=verdict.passed, reason=verdict.reason)
        outcomes.append(Outcome(**item))
    return outcomes


def is_healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=3) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def run(conversations: list[Conversation], url: str) -> list[Outcome]:
    outcomes = []
    for conversation in conversations:
        outcome = evaluate(url, conversation)
        mark = "PASS" if outcome.passed else "FAIL"
        print(
            f"{mark}  {outcome.split:<4} {outcome.id:<10} ({outcome.turns_sent}) {outcome.reason}"
        )
        if not outcome.passed:
            print(f"      expected any of {conversation.expect_any}; got: {outcome.texts[:2]}")
        outcomes.append(outcome)
    return outcomes


def score(outcomes: list[Outcome]) -> str:
    if not outcomes:
        return "–"
    passed = sum(o.passed for o in outcomes)
    return f"{passed}/{len(outcomes)} ({100 * passed / len(outcomes):.0f} %)"


def summary(outcomes: list[Outcome]) -> dict[str, dict[str, dict[str, int]]]:
    """Passed and total per split, per split and category, per split and language."""
    result: dict[str, dict[str, dict[str, int]]] = {}
    for outcome in outcomes:
        for key in ("all", f"category:{outcome.category}", f"lang:{outcome.lang}"):
            cell = result.setdefault(key, {}).setdefault(outcome.split, {"passed": 0, "total": 0})
            cell["passed"] += int(outcome.passed)
            cell["total"] += 1
    return result


def report(outcomes: list[Outcome]) -> str:
    """A table: one row per category and language, one column per split."""
    splits = [s for s in SPLITS if any(o.split == s for o in outcomes)] or sorted(
        {o.split for o in outcomes}
    )
    categories = sorted({o.category for o in outcomes})
    langs = sorted({o.lang for o in outcomes})
    rows = [("", *splits)]
    rows += [
        (
            category,
            *(
                score([o for o in outcomes if o.split == s and o.category == category])
                for s in splits
            ),
        )
        for category in categories
    ]
    rows += [
        (
            f"lang {lang}",
            *(score([o for o in outcomes if o.split == s and o.lang == lang]) for s in splits),
        )
        for lang in langs
    ]
    rows.append(("all", *(score([o for o in outcomes if o.split == s]) for s in splits)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    reasons = Counter(o.reason.split(":")[0] for o in outcomes if not o.passed)
    lines.append("failures by kind: " + ", ".join(f"{k} {n}" for k, n in reasons.most_common()))
    return "\n".join(lines)


def start_own_stack() -> tuple[Any, str]:
    from knowledge.settings import KnowledgeSettings
    from stack.services import Stack
    from stack.settings import StackSettings, isolated

    data_dir = Path(tempfile.mkdtemp(prefix="foerderlotse-eval-"))
    shipped = KnowledgeSettings.from_settings(load_settings())
    shipped.seed_in(data_dir)  # the shipped content, not a local base
    os.environ.setdefault("FOERDERLOTSE_TODAY", EVAL_TODAY)
    os.environ.setdefault("RATE_LIMIT_PER_IP", "100000")
    os.environ.setdefault("RATE_LIMIT_PER_SENDER", "100000")
    settings = isolated(StackSettings.from_settings(load_settings()), data_dir)
    stack = Stack(settings)
    return stack, f"http://127.0.0.1:{settings.web_port}"


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument("--split", choices=[*SPLITS, "all"], default="all")
    parser.add_argument("--url", default="http://127.0.0.1:8080")
    parser.add_argument("--json", type=Path, help="also write the outcomes here")
    parser.add_argument("--rejudge", type=Path, help="judge the replies stored in this JSON again")
    args = parser.parse_args()
    conversations = select(load_conversations(args.questions), args.split)
    if not conversations:
        print(f"No conversations of split {args.split} in {args.questions}")
        return 0
    if args.rejudge:
        print(report(rejudge(conversations, args.rejudge)))
        return 0
    stack = None
    url = args.url.rstrip("/")
    if not is_healthy(url):
        stack, url = start_own_stack()
        print(
            f"No bot at {args.url}; starting one at {url} (today = "
            f"{os.environ['FOERDERLOTSE_TODAY']}) …"
        )
    try:
        if stack:
            stack.start()
        outcomes = run(conversations, url)
    finally:
        if stack:
            stack.stop()
    print(f"\n{args.questions.name}, split {args.split}: answered well\n")
    print(report(outcomes))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        document = {
            "questions": str(args.questions),
            "split": args.split,
            "summary": summary(outcomes),
            "conversations": [asdict(o) for o in outcomes],
        }
        args.json.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"\nOutcomes written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
