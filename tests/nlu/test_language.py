import pytest

from nlu_components.language import detect_language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hallo", "de"),
        ("Guten Morgen!", "de"),
        ("Welche Förderung gibt es für meinen Betrieb?", "de"),
        ("Tschüss", "de"),
        ("Hello", "en"),
        ("What can you help me with?", "en"),
        ("Which funding fits my company?", "en"),
        ("Thanks a lot", "en"),
        ("Will the Mittelstand-Digital centres still exist next year?", "en"),
        ("Will the bakery get more than the others?", "en"),
    ],
)
def test_detects_the_language_of_common_messages(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["25", "ok", "", "ZIM", "/greet"])
def test_gives_no_answer_without_a_clear_signal(text: str) -> None:
    assert detect_language(text) is None
