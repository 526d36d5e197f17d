"""The message catalogue: every text the code renders for users, in German and English.

The texts live in `messages/catalogue.yaml` (key → de/en with {placeholders}); `text` is the
one way to read them. Dialogue utterances Rasa sends itself stay in `domain/`.
"""

from functools import cache
from pathlib import Path

import yaml

CATALOGUE_PATH = Path(__file__).parent / "catalogue.yaml"
LANGUAGES = ("de", "en")


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """All keys with their texts per language, read once."""
    with CATALOGUE_PATH.open(encoding="utf-8") as file:
        return yaml.safe_load(file)


def text(key: str, language: str, **values: object) -> str:
    """The text `key` in `language` ("en", otherwise German), its placeholders filled."""
    variants = catalogue()[key]
    return variants["en" if language == "en" else "de"].format(**values)
