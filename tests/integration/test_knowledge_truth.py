"""What the bot says depends on the day: a centre ending on 31.12.2026 before and after."""

import uuid

from tests.conftest import RunningStack

QUESTION = "Gibt es in Sachsen-Anhalt ein Mittelstand-Digital Zentrum?"


def ask(stack: RunningStack, message: str) -> str:
    return stack.texts(f"truth-{uuid.uuid4().hex[:8]}", message)


def test_centre_is_open_but_ending_soon_in_november(running_stack: RunningStack) -> None:
    reply = ask(running_stack, QUESTION)
    assert "Mittelstand-Digital Zentrum Magdeburg" in reply
    assert "Förderperiode endet am 31.12.2026" in reply
    assert "Ende 2026" not in reply  # the end is named once, not again in the successor note


def test_centre_has_ended_in_january_and_names_its_successor(
    stack_after_year_end: RunningStack,
) -> None:
    reply = ask(stack_after_year_end, QUESTION)
    assert "hat seine Arbeit beendet" in reply
    assert "31.12.2026" in reply
    assert "Nachfolge: Mittelstand-Digital Netzwerk 2027" in reply


def test_programme_ending_soon_is_recommended_with_its_end_date(
    running_stack: RunningStack,
) -> None:
    reply = ask(running_stack, "Was ist die BAFA-Förderung für Unternehmensberatungen?")
    assert "Läuft nur noch bis 31.12.2026" in reply


def test_programme_is_ended_after_its_end_date(stack_after_year_end: RunningStack) -> None:
    reply = ask(stack_after_year_end, "Was ist die BAFA-Förderung für Unternehmensberatungen?")
    assert "gibt es nicht mehr" in reply
    assert "31.12.2026" in reply
