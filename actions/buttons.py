"""Buttons the actions offer; their titles come from the catalogue and the vocabulary."""

from knowledge.vocabulary import SECTORS, STATES, TOPICS, label
from messages import text

Button = dict[str, str]

STATE_BUTTONS = ["BY", "BW", "NW", "NI", "HE", "SN", "BE", "HH"]
SECTOR_BUTTONS = [
    "crafts", "manufacturing", "retail", "care", "health", "logistics", "agriculture",
    "construction", "services",
]  # fmt: skip
TOPIC_BUTTONS = [
    "software", "it_security", "ecommerce", "ai", "processes", "consulting", "training",
    "research",
]  # fmt: skip


def button(title: str, payload: str) -> Button:
    return {"title": title, "payload": payload}


def _capitalised(title: str) -> str:
    return title[0].upper() + title[1:]


def states(language: str, intent: str) -> list[Button]:
    """The most asked states, each answering `intent` with its code."""
    return [
        button(label(STATES, code, language), f'/{intent}{{"state":"{code}"}}')
        for code in STATE_BUTTONS
    ]


def sectors(language: str) -> list[Button]:
    return [
        button(_capitalised(label(SECTORS, code, language)), f'/inform{{"sector":"{code}"}}')
        for code in SECTOR_BUTTONS
    ]


def topics(language: str) -> list[Button]:
    return [
        button(_capitalised(label(TOPICS, code, language)), f'/inform{{"topic":"{code}"}}')
        for code in TOPIC_BUTTONS
    ]


def skip(language: str) -> Button:
    return button(text("button.skip", language), "/skip")


def feedback(language: str) -> list[Button]:
    return [
        button(text("button.helpful", language), "/feedback_positive"),
        button(text("button.not_helpful", language), "/feedback_negative"),
    ]


def more_results(language: str, count: int) -> Button:
    return button(text("button.more_programmes", language, count=count), "/more_results")


def next_steps(language: str) -> list[Button]:
    return [
        button(text("button.find_funding", language), "/find_funding"),
        button(text("button.find_centre", language), "/find_centre"),
        button(text("button.find_case", language), "/find_case"),
        button(text("button.request_human", language), "/request_human"),
    ]


def offer_person(language: str) -> list[Button]:
    return [
        button(text("button.yes_please", language), "/request_human"),
        button(text("button.no_thanks", language), "/deny"),
    ]
