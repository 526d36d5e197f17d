"""Writes data/rules_interruptions.yml from the list in actions/interruptions.py.

`python -m actions.interruption_rules --write` rewrites the file; without `--write` the rules
are printed. A test checks that the file is up to date.
"""

import argparse
from pathlib import Path

from actions.interruptions import ANSWERED_IN_FORM, ENDING_FORM, FORMS, Step

RULES_FILE = Path(__file__).resolve().parent.parent / "data" / "rules_interruptions.yml"
HEADER = (
    'version: "3.1"\n'
    "\n"
    "# Questions in the middle of a form are answered, then the form asks again. Generated from\n"
    "# actions/interruptions.py by `python -m actions.interruption_rules --write`: edit it there.\n"
    "rules:\n"
)


def rule(name: str, form: str, intent: str, steps: tuple[Step, ...]) -> str:
    """One rule that applies while `form` is active and starts with the user's `intent`."""
    lines = [
        f"  - rule: {name}",
        "    condition:",
        f"      - active_loop: {form}",
        "    steps:",
        f"      - intent: {intent}",
        *(f"      - {key}: {'null' if value is None else value}" for key, value in steps),
    ]
    return "\n".join(lines) + "\n"


def form_rules(form: str) -> list[str]:
    """The rules of one form: questions answered in it, then the intents that end it."""
    # after the answer the form runs again and asks its question
    answered = [
        rule(
            f"{intent} during {form}",
            form,
            intent,
            (("action", action), ("action", form), ("active_loop", form)),
        )
        for intent, action in ANSWERED_IN_FORM.items()
    ]
    ending = [
        rule(name, form, intent, steps) for intent, (name, steps) in ENDING_FORM[form].items()
    ]
    return answered + ending


def rules_yaml() -> str:
    """The whole content of data/rules_interruptions.yml."""
    return HEADER + "\n".join(text for form in FORMS for text in form_rules(form))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"rewrite {RULES_FILE}")
    if parser.parse_args().write:
        RULES_FILE.write_text(rules_yaml(), encoding="utf-8")
    else:
        print(rules_yaml(), end="")


if __name__ == "__main__":
    main()
