"""The message catalogue is complete: every key in both languages with the same placeholders,
every key the code asks for exists, and every key is used."""

import re
import string
from pathlib import Path

import pytest

from messages import LANGUAGES, catalogue, text

ROOT = Path(__file__).parents[2]
CODE_DIRS = ("actions", "bot", "knowledge", "messages", "stack")
CODE_FILES = ("*.py", "*.js", "*.html")  # the chat page and the summary template name keys too
# text("key", …), labelled("key", …), t("key") (page, template), data-i18n="key" or
# text(f"prefix.{…}", …): a key the code asks for
KEY_USE = re.compile(
    r"""(?:\b(?:text|labelled|t)\(\s*|data-i18n(?:-\w+)?=)(f?)["']([a-z_]+\.[a-z_.{}A-Z]*)["']"""
)
# any string literal that looks like a key, or an f-string that builds one (chosen before
# the call)
KEY_LITERAL = re.compile(r"""["']([a-z_]+\.[a-z_]+)["']""")
KEY_PREFIX = re.compile(r"""\bf["']([a-z_]+\.[a-z_]*)\{""")


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def code_texts() -> list[str]:
    return [
        path.read_text(encoding="utf-8")
        for folder in CODE_DIRS
        for pattern in CODE_FILES
        for path in (ROOT / folder).rglob(pattern)
    ]


def code_keys() -> tuple[set[str], set[str]]:
    """The keys the code asks for by name, and the prefixes of keys it builds."""
    literal, prefixes = set(), set()
    for source in code_texts():
        for is_f, key in KEY_USE.findall(source):
            if is_f and "{" in key:
                prefixes.add(key.split("{", 1)[0])
            else:
                literal.add(key)
    return literal, prefixes


@pytest.mark.parametrize("key", sorted(catalogue()))
def test_every_key_has_both_languages_with_the_same_placeholders(key: str) -> None:
    variants = catalogue()[key]
    assert set(variants) == set(LANGUAGES)
    assert all(isinstance(variants[language], str) and variants[language] for language in LANGUAGES)
    assert placeholders(variants["de"]) == placeholders(variants["en"])


def test_every_key_the_code_names_exists() -> None:
    literal, prefixes = code_keys()
    assert literal, "the scan found no keys: the pattern is out of date"
    assert sorted(literal - set(catalogue())) == []
    for prefix in prefixes:
        assert any(key.startswith(prefix) for key in catalogue()), prefix


def test_every_key_is_used() -> None:
    named = {key for source in code_texts() for key in KEY_LITERAL.findall(source)}
    prefixes = {prefix for source in code_texts() for prefix in KEY_PREFIX.findall(source)}
    unused = [
        key
        for key in catalogue()
        if key not in named and not any(key.startswith(prefix) for prefix in prefixes)
    ]
    assert unused == []


def test_a_text_is_filled_in_the_asked_language() -> None:
    assert text("button.more_programmes", "de", count=4) == "Weitere Programme (4)"
    assert text("button.more_programmes", "en", count=4) == "More programmes (4)"
