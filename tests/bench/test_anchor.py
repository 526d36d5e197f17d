"""The anchor of `make bench` (a stock Rasa moodbot): its ratios, levels, model cache key and
project files, on fixed numbers and files (no timed run)."""

import shutil
from pathlib import Path

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bench.__main__ import LEVELS, QUICK_LEVELS
from bench.anchor import (
    CONCURRENCY,
    PROJECT,
    content_hash,
    levels,
    model_path,
    ratios,
)
from bench.load import Level
from bench.moodbot.actions import ActionHelloWorld
from bench.report import anchor_block


def level(concurrency: int, paused: bool, p50_ms: float, rps: float) -> dict:
    return {
        "concurrency": concurrency,
        "pause_seconds": [1.0, 3.0] if paused else [0.0, 0.0],
        "latency": {"p50_ms": p50_ms},
        "throughput_rps": rps,
    }


def test_ratios_divide_ours_by_the_anchor_at_the_same_level() -> None:
    ours = [
        level(1, True, 50.0, 0.4),
        level(10, True, 60.0, 4.7),
        level(50, True, 150.0, 19.5),
        level(10, False, 360.0, 28.0),
    ]
    anchor = [level(10, True, 40.0, 4.9), level(10, False, 200.0, 35.0)]
    assert ratios(ours, anchor) == {"p50_ratio": 1.5, "throughput_ratio": 0.8}


def test_ratios_are_none_without_a_level_to_compare() -> None:
    assert ratios([level(10, True, 60.0, 4.7)], []) == {
        "p50_ratio": None,
        "throughput_ratio": None,
    }
    anchor = [level(10, True, 40.0, 4.9), level(10, False, 0.0, 0.0)]
    assert ratios([level(10, True, 60.0, 4.7)], anchor) == {
        "p50_ratio": 1.5,
        "throughput_ratio": None,
    }


def test_anchor_levels_are_ours_at_one_concurrency_with_smaller_budgets() -> None:
    for ours in (LEVELS, QUICK_LEVELS):
        chosen = levels(ours)
        assert {(lv.concurrency, lv.paused) for lv in chosen} == {
            (CONCURRENCY, True),
            (CONCURRENCY, False),
        }
        for anchor_level in chosen:
            same = next(
                lv
                for lv in ours
                if (lv.concurrency, lv.pause_seconds)
                == (anchor_level.concurrency, anchor_level.pause_seconds)
            )
            assert anchor_level.max_requests <= same.max_requests
            assert anchor_level.max_seconds <= same.max_seconds
    assert levels((Level(10, 1000, 600.0),))[0].max_requests < 1000


def test_the_model_is_cached_by_the_content_of_the_training_files(tmp_path: Path) -> None:
    copy = tmp_path / "moodbot"
    shutil.copytree(PROJECT, copy)
    assert content_hash(copy) == content_hash()
    assert model_path(tmp_path, copy).name == f"moodbot-{content_hash()}.tar.gz"
    (copy / "actions.py").write_text("# not a training file\n")
    assert content_hash(copy) == content_hash()
    stories = copy / "data" / "stories.yml"
    stories.write_text(stories.read_text() + "\n# changed\n")
    assert content_hash(copy) != content_hash()


def read(name: str) -> dict:
    return yaml.safe_load((PROJECT / name).read_text(encoding="utf-8"))


def test_the_project_is_the_moodbot_with_one_custom_action() -> None:
    domain = read("domain.yml")
    assert domain["actions"] == ["action_hello_world"]
    assert {"greet", "mood_great", "mood_unhappy", "bot_challenge"} <= set(domain["intents"])
    steps = [step for story in read("data/stories.yml")["stories"] for step in story["steps"]]
    assert {"action": "action_hello_world"} in steps
    assert read("data/rules.yml")["rules"]
    assert {block["intent"] for block in read("data/nlu.yml")["nlu"]} == set(domain["intents"])


def test_the_config_is_complete_so_training_does_not_rewrite_it() -> None:
    config = read("config.yml")
    assert config["pipeline"] and config["policies"]
    assert config["assistant_id"] != "placeholder_default"  # Rasa replaces that in the file
    assert config["language"] == "en"
    assert "${ACTION_SERVER_URL}" in (PROJECT / "endpoints.yml").read_text(encoding="utf-8")
    assert set(read("credentials.yml")) == {"rest"}


def test_the_custom_action_utters_hello_world() -> None:
    action = ActionHelloWorld()
    dispatcher = CollectingDispatcher()
    tracker = Tracker("s", {}, {}, [], False, None, {}, None)
    assert action.name() == "action_hello_world"
    assert action.run(dispatcher, tracker, {}) == []
    assert [message["text"] for message in dispatcher.messages] == ["Hello World!"]


def test_the_report_prints_both_ratio_lines() -> None:
    anchor = {
        "load": [
            {
                **level(10, True, 40.0, 4.9),
                "label": "10",
                "conversations": 5,
                "requests": 45,
                "errors": 0,
                "latency": {"p50_ms": 40.0, "p95_ms": 60.0, "p99_ms": 70.0},
            }
        ],
        "concurrency": 10,
        "p50_ratio": 1.5,
        "throughput_ratio": None,
    }
    lines = anchor_block(anchor).splitlines()
    assert "anchor p50 ratio: 1.50" in lines
    assert "anchor throughput ratio: –" in lines
    assert anchor_block({"error": "boom"}) == "Anchor not measured: boom"
