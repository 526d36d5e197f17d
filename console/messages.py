"""German texts for validation problems, so staff see next to each field what to fix.

The knowledge validation (pydantic, `knowledge.content.validate_raw`) reports in English; these
rules translate the messages it produces and place whole-entry problems on the field to fix.
"""

import re
from collections.abc import Callable

from knowledge.content import Problem
from knowledge.models import pause_column

Rule = tuple[str, str | Callable[[re.Match[str]], str]]

RULES: list[Rule] = [
    (r"^Field required", "Pflichtfeld – bitte ausfüllen."),
    (
        r"^Input should be a valid integer",
        "Bitte eine ganze Zahl ohne Punkt eingeben, z. B. 31000.",
    ),
    (r"^Input should be a valid number", "Bitte eine Zahl eingeben, z. B. 50 oder 37.5."),
    (
        r"^Input should be a valid date",
        "Bitte ein Datum als JJJJ-MM-TT eingeben, z. B. 2026-12-31.",
    ),
    (r"^Input should be greater than or equal to (\S+)", "Der Wert muss mindestens {0} sein."),
    (r"^Input should be greater than (\S+)", "Der Wert muss größer als {0} sein."),
    (r"^Input should be less than or equal to (\S+)", "Der Wert darf höchstens {0} sein."),
    (r"^String should have at most (\d+) characters?", "Höchstens {0} Zeichen."),
    (r"^String should have at least \d+ characters?", "Pflichtfeld – bitte ausfüllen."),
    (r"^String should match pattern '\^https", "Bitte eine Adresse mit https:// oder http://."),
    (
        r"^String should match pattern",
        "Nur Kleinbuchstaben, Ziffern und einzelne Bindestriche, z. B. by-digitalbonus-bayern.",
    ),
    (r"^Input should be a valid (list|dictionary)", "Ungültige Angabe."),
    (
        r"^Input should be (.+)$",
        lambda match: f"Nicht erlaubt. Erlaubt: {match.group(1).replace(' or ', ' oder ')}.",
    ),
    (r"valid_from must not be after valid_until", "„Gültig bis“ liegt vor „Gültig ab“."),
    (r"pause.until must not be before pause.from", "„Pause bis“ liegt vor „Pause ab“."),
    (
        r"an entry cannot be its own successor",
        "Ein Eintrag kann nicht sein eigener Nachfolger sein.",
    ),
    (r"a state programme must name its states", "Ein Landesprogramm braucht ein Bundesland."),
    (
        r"min_amount_eur must not exceed max_amount_eur",
        "Der Mindestbetrag ist größer als der Höchstbetrag.",
    ),
    (r"^unknown id '(.+)'$", "Unbekannte ID „{0}“: Diesen Eintrag gibt es nicht."),
    (r"^duplicate id", "Diese ID ist schon vergeben."),
    (r"^Extra inputs are not permitted", "Unbekanntes Feld."),
]

# Problems of the whole entry, and the field where staff can fix them.
ENTRY_PROBLEM_FIELDS = {
    "valid_from must not be after valid_until": "valid_until",
    "pause.until must not be before pause.from": "pause_until",
    "an entry cannot be its own successor": "successor",
    "a state programme must name its states": "states",
    "min_amount_eur must not exceed max_amount_eur": "min_amount_eur",
}
GENERAL = ""


def german(message: str) -> str:
    """The German text for a validation message; the original if no rule knows it."""
    message = message.removeprefix("Value error, ")
    for pattern, text in RULES:
        match = re.search(pattern, message)
        if match:
            return text(match) if callable(text) else text.format(*match.groups())
    return message


def form_field(problem: Problem) -> tuple[str, int | None]:
    """The form field a problem belongs to, and the list position if it concerns one item."""
    parts = problem.field.split(".")
    if parts[0] == "-":
        for english, field in ENTRY_PROBLEM_FIELDS.items():
            if english in problem.message:
                return field, None
        return GENERAL, None
    if parts[0] == "pause":
        key = parts[1] if len(parts) > 1 else "from"
        return pause_column(key), None
    if len(parts) > 1 and parts[1].isdigit():
        return parts[0], int(parts[1])
    return parts[0], None
