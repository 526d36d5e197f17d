"""Buttons the actions offer, in German and English."""

from actions.conversation import pick

Button = dict[str, str]

STATE_BUTTONS = ["BY", "BW", "NW", "NI", "HE", "SN", "BE", "HH"]
SECTOR_BUTTONS = [
    ("crafts", "Handwerk", "Crafts"),
    ("manufacturing", "Industrie", "Manufacturing"),
    ("retail", "Handel", "Retail"),
    ("care", "Pflege", "Care services"),
    ("health", "Praxis/Apotheke", "Practice/pharmacy"),
    ("logistics", "Logistik", "Logistics"),
    ("agriculture", "Landwirtschaft", "Agriculture"),
    ("construction", "Bau", "Construction"),
    ("services", "Dienstleistung", "Services"),
]
TOPIC_BUTTONS = [
    ("software", "Software", "Software"),
    ("it_security", "IT-Sicherheit", "IT security"),
    ("ecommerce", "Onlineshop", "Online shop"),
    ("ai", "KI", "AI"),
    ("processes", "Prozesse", "Processes"),
    ("consulting", "Beratung", "Consulting"),
    ("training", "Weiterbildung", "Training"),
    ("research", "Forschung & Entwicklung", "R&D"),
]


def button(title: str, payload: str) -> Button:
    return {"title": title, "payload": payload}


def skip(language: str) -> Button:
    return button(pick(language, "Überspringen", "Skip"), "/skip")


def feedback(language: str) -> list[Button]:
    return [
        button(pick(language, "👍 Hilfreich", "👍 Helpful"), "/feedback_positive"),
        button(pick(language, "👎 Nicht hilfreich", "👎 Not helpful"), "/feedback_negative"),
    ]


def next_steps(language: str) -> list[Button]:
    return [
        button(pick(language, "Förderung finden", "Find funding"), "/find_funding"),
        button(pick(language, "Zentrum in meiner Nähe", "Centre near me"), "/find_centre"),
        button(pick(language, "Praxisbeispiele", "Examples"), "/find_case"),
        button(pick(language, "Mit einem Menschen sprechen", "Talk to a person"), "/request_human"),
    ]
