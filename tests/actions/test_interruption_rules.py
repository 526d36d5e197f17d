"""One list of interruption intents: the form rules are generated from it and up to date."""

from pathlib import Path

import yaml

from actions.interruption_rules import RULES_FILE, rules_yaml
from actions.interruptions import ANSWERED_IN_FORM, ENDING_FORM, FORMS, INTERRUPTIONS, LEAVING_FORM

ROOT = Path(__file__).resolve().parents[2]


def rules_of(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]


def test_the_rules_file_is_generated_from_the_list() -> None:
    # run `python -m actions.interruption_rules --write` after editing actions/interruptions.py
    assert RULES_FILE.read_text(encoding="utf-8") == rules_yaml()


def test_every_form_has_a_rule_for_each_intent_it_steps_aside_for() -> None:
    covered = {
        (rule["condition"][0]["active_loop"], rule["steps"][0]["intent"])
        for rule in rules_of(RULES_FILE)
    }
    for form in FORMS:
        assert {intent for f, intent in covered if f == form} == {
            *ANSWERED_IN_FORM,
            *ENDING_FORM[form],
        }


def test_an_answered_question_returns_to_the_form() -> None:
    for rule in rules_of(RULES_FILE):
        form = rule["condition"][0]["active_loop"]
        if rule["steps"][0]["intent"] in ANSWERED_IN_FORM:
            assert rule["steps"][-2:] == [{"action": form}, {"active_loop": form}]


def test_intents_leaving_a_form_have_rules_of_their_own() -> None:
    openers = {
        rule["steps"][0].get("intent")
        for rule in rules_of(ROOT / "data" / "rules_advisor.yml")
        if "condition" not in rule
    }
    assert openers >= LEAVING_FORM


def test_every_interruption_is_an_intent_of_the_domain() -> None:
    intents = {
        name
        for path in (ROOT / "domain").glob("*.yml")
        for name in yaml.safe_load(path.read_text(encoding="utf-8")).get("intents", [])
    }
    assert intents >= INTERRUPTIONS
