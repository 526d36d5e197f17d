"""Guess whether a user message is German or English from common words.

Kept free of Rasa imports so it can be unit-tested from the application environment.
"""

import re

GERMAN_WORDS = frozenset(
    """
    hallo moin servus tschüss tschüs danke bitte ich wir sie du mein meine unser unsere ist sind
    der die das dem den des ein eine einen einem und oder nicht kein keine gibt es für mit von
    bei auf wie was wer wo wann warum welche welcher welches kann können könnt möchte möchten
    will wollen haben hat habe brauche brauchen guten morgen tag abend ja nein gern gerne auch
    war noch mal mir uns ihr euch zu zum zur im in am aus nach über unter wieviel viele betrieb
    firma
    unternehmen förderung zuschuss mitarbeiter mitarbeitern beschäftigte beschäftigten handwerk
    digitalisierung beratung tschau ciao servus grüß gott deutsch sprich sprechen reden
    """.split()
)

ENGLISH_WORDS = frozenset(
    """
    hello hi hey thanks thank you please i we you my our your is are am the a an and or not no
    there for with from at on how what who where when why which can could would should want need
    have has good morning afternoon evening yes bye goodbye cheers of to in about any some
    company business firm employees staff funding grant grants support help english speak
    does do did this that it me us still next year exist be get than they their only more
    """.split()
)

_WORD = re.compile(r"[a-zäöüß]+")


def detect_language(text: str) -> str | None:
    """Return "de", "en" or None when the text gives no clear signal."""
    words = _WORD.findall(text.lower())
    if not words:
        return None
    german = sum(word in GERMAN_WORDS for word in words)
    english = sum(word in ENGLISH_WORDS for word in words)
    if any(ch in text.lower() for ch in "äöüß"):
        german += 1
    if german > english:
        return "de"
    if english > german:
        return "en"
    return None
