"""Text normalisation for lexical search: lower case, German stemming, no stop words.

German compounds ("IT-Sicherheitsberatung") are reached by prefix queries on stems
("sicher*"), measured in `make eval-search`.
"""

import re
from functools import lru_cache

import snowballstemmer

_TOKEN = re.compile(r"[0-9a-zäöüß]+")
_STEMMER = snowballstemmer.stemmer("german")

STOPWORDS = frozenset(
    """
    aber alle als also am an auch auf aus bei bin bis bitte da dann das dass dem den der des die
    dies diese dieser du ein eine einem einen einer es für gibt hab habe haben hat ich ihr im in
    ist ja kann können man mein meine meinen mich mir mit muss nach nicht noch nur ob oder sich
    sie sind so über um und uns unser unsere unseren vom von vor war was welche welchen welcher
    welches wenn wer wie wir wird wo zu zum zur
    a an and any are as at be by can do does for from have how i in is it me my of on or our
    the there this to was we what which who with you your
    """.split()
)


def search_tokens(text: str) -> list[str]:
    """Stemmed, lower-case tokens of `text` without stop words."""
    return [_stem(w) for w in _TOKEN.findall(text.lower()) if w not in STOPWORDS]


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    """The German stem of one word (cached: a base has a few thousand distinct words)."""
    return _STEMMER.stemWord(word)


def fts_document(text: str) -> str:
    """The form in which text is stored in the full-text index."""
    return " ".join(search_tokens(text))


def fts_query(text: str) -> str | None:
    """An FTS5 query that matches any stem of `text` as a prefix; None if nothing is left."""
    stems = dict.fromkeys(t for t in search_tokens(text) if len(t) >= 2)
    if not stems:
        return None
    return " OR ".join(f'"{stem}"*' if len(stem) >= 4 else f'"{stem}"' for stem in stems)
