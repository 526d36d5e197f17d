"""The pass rules of the dialogue evaluation, without a running bot."""

from pathlib import Path

import pytest

from evaluation.dialogue import (
    DEFAULT_QUESTIONS,
    Conversation,
    Reply,
    conversation_from,
    is_german,
    judge,
    load_conversations,
    select,
)


def conversation(**changes: object) -> Conversation:
    fields: dict[str, object] = {
        "id": "t-1",
        "split": "dev",
        "category": "finder",
        "lang": "de",
        "turns": ["Frage"],
        "expect_any": ["Pflegeversicherung"],
    }
    fields.update(changes)
    return Conversation(**fields)  # type: ignore[arg-type]


def test_any_expected_text_passes_case_insensitively_in_texts_or_buttons() -> None:
    assert judge(conversation(), Reply(texts=["Der Zuschuss der PFLEGEVERSICHERUNG …"])).passed
    assert judge(conversation(), Reply(buttons=["Pflegeversicherung"])).passed


def test_missing_text_fails_but_a_later_turn_may_still_pass() -> None:
    verdict = judge(conversation(), Reply(texts=["In welchem Bundesland sitzen Sie?"]))
    assert not verdict.passed
    assert not verdict.final


def test_a_forbidden_text_fails_for_good_even_with_an_expected_one() -> None:
    c = conversation(expect_none=["Zentrales Innovationsprogramm"])
    verdict = judge(c, Reply(texts=["Pflegeversicherung", "Zentrales Innovationsprogramm (ZIM)"]))
    assert not verdict.passed
    assert verdict.final
    assert verdict.reason == "forbidden: Zentrales Innovationsprogramm"


def test_english_conversation_fails_on_a_german_reply() -> None:
    c = conversation(lang="en", expect_lang="en", expect_any=["care insurance"])
    german = "Für Ihren Pflegedienst gibt es den Zuschuss der Pflegeversicherung, bitte prüfen."
    verdict = judge(c, Reply(texts=["care insurance", german]))
    assert not verdict.passed
    assert verdict.reason.startswith("language")


def test_english_reply_with_german_programme_names_is_english() -> None:
    c = conversation(lang="en", expect_lang="en", expect_any=["Pflegeversicherung"])
    text = (
        "For your care home, the Digitalisierungszuschuss der Pflegeversicherung für "
        "Pflegeeinrichtungen pays 40 % of the costs, up to €12,000. You can apply with the form."
    )
    assert not is_german(text)
    assert judge(c, Reply(texts=[text], buttons=["More programmes"])).passed


def test_english_conversation_fails_on_a_german_button() -> None:
    c = conversation(lang="en", expect_lang="en", expect_any=["grant"])
    assert not judge(c, Reply(texts=["Which grant?"], buttons=["Überspringen"])).passed


def test_old_format_is_read_as_dev() -> None:
    c = conversation_from({"q": "Was ist ZIM?", "followups": ["Bayern"], "expect_any": ["ZIM"]}, 3)
    assert c.turns == ["Was ist ZIM?", "Bayern"]
    assert (c.id, c.split, c.category) == ("legacy-003", "dev", "legacy")


@pytest.mark.parametrize("path", [DEFAULT_QUESTIONS])
def test_the_evaluation_file_is_well_formed(path: Path) -> None:
    conversations = load_conversations(path)
    assert len(conversations) >= 150
    assert len({c.id for c in conversations}) == len(conversations)
    assert {c.split for c in conversations} == {"dev", "test"}
    for category in {c.category for c in conversations}:
        splits = {c.split for c in conversations if c.category == category}
        assert splits == {"dev", "test"}, category
    assert all(c.turns and c.expect_any for c in conversations)
    assert len(select(conversations, "all")) == len(conversations)


def test_a_list_of_german_programme_names_in_an_english_reply_is_english() -> None:
    text = (
        "Instead, have a look at:\n• **ERP-Förderkredit Digitalisierung (KfW 511/512)** – Loan, "
        "up to €25,000,000 (https://www.kfw.de/de/foerderung)\n• **Digitalisierungszuschuss der "
        "Pflegeversicherung für Pflegeeinrichtungen (§ 8 Abs. 8 SGB XI)** – Grant, 40 % of costs"
    )
    assert not is_german(text)
