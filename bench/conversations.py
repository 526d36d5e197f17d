"""Realistic multi-turn conversations for the load test, each turn tagged with what it is."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Turn:
    kind: str
    message: str


# Each conversation starts with a greeting and has a funding finder with follow-ups, a centre
# question, a free (FAQ) question and an English turn, in varying order and wording.
CONVERSATIONS: tuple[tuple[Turn, ...], ...] = (
    (
        Turn("greeting", "Hallo"),
        Turn("finder", "Welche Förderung passt zu meinem Betrieb?"),
        Turn("finder-followup", "Bayern"),
        Turn("finder-followup", "15"),
        Turn("finder-followup", "Handwerk"),
        Turn("finder-followup", "Software"),
        Turn("centre", "Gibt es in Bayern ein Mittelstand-Digital Zentrum?"),
        Turn("faq", "Wer zählt als KMU?"),
        Turn("english", "Which competence centre helps retailers?"),
    ),
    (
        Turn("greeting", "Guten Morgen!"),
        Turn("faq", "Kann ich Programme kombinieren?"),
        Turn("finder", "Gibt es Zuschüsse für die Digitalisierung meiner Firma?"),
        Turn("finder-followup", "Nordrhein-Westfalen"),
        Turn("finder-followup", "25"),
        Turn("finder-followup", "Industrie"),
        Turn("finder-followup", "Prozesse"),
        Turn("centre", "Zentrum für Digitalisierung in Berlin"),
        Turn("english", "Can I combine funding programmes?"),
    ),
    (
        Turn("greeting", "Hi"),
        Turn("english", "What can you help me with?"),
        Turn("finder", "Welche Förderung passt zu meinem Betrieb?"),
        Turn("finder-followup", "Sachsen"),
        Turn("finder-followup", "8"),
        Turn("finder-followup", "Handel"),
        Turn("finder-followup", "E-Commerce"),
        Turn("faq", "ab wie vielen leuten brauch ich nen datenschutzbeauftragten"),
        Turn("centre", "Gibt es in Niedersachsen ein Mittelstand-Digital Zentrum?"),
    ),
)

# What the parts benchmark sends to NLU parse: one message of every kind.
NLU_MESSAGES: tuple[str, ...] = tuple(dict.fromkeys(t.message for c in CONVERSATIONS for t in c))
# The free question the action-server benchmark answers (answered from the knowledge base).
FAQ_QUESTION = "Wer zählt als KMU?"
