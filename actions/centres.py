"""Finding the Mittelstand-Digital Zentrum for a region, sector or theme."""

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import buttons, cards, render
from actions.conversation import firm_facts, language, pick, text
from actions.knowledge_access import KNOWLEDGE
from knowledge.advisor import find_centres, named_entries
from knowledge.models import Centre
from knowledge.routing import asks_about_later
from knowledge.search import SearchFilters
from knowledge.status import Status, status_on, today
from knowledge.vocabulary import STATES, label


class FindCentre(Action):
    def name(self) -> str:
        return "action_find_centre"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        lang = language(tracker)
        facts = firm_facts(tracker)
        if answer_named_centre(dispatcher, tracker):
            return []
        if not (facts.state or facts.sector or facts.topic or text(tracker)):
            dispatcher.utter_message(
                text=pick(
                    lang,
                    "Für welches Bundesland oder welche Branche suchen Sie ein "
                    "Mittelstand-Digital Zentrum?",
                    "For which state or sector are you looking for a Mittelstand-Digital centre?",
                ),
                buttons=[
                    buttons.button(label(STATES, code, lang), f'/find_centre{{"state":"{code}"}}')
                    for code in buttons.STATE_BUTTONS
                ],
            )
            return []
        state_name = label(STATES, facts.state, "de") if facts.state else ""
        request = f"{text(tracker)} Mittelstand-Digital Zentrum {state_name}".strip()
        hits = find_centres(KNOWLEDGE.search(), facts, request, today())
        usable = [hit for hit in hits if hit.status is not Status.ENDED]
        regional_usable = [h for h in usable if facts.state in h.entry.states]  # type: ignore[attr-defined]
        if facts.state and not regional_usable:
            ended = [h for h in hits if h.status is Status.ENDED and facts.state in h.entry.states]  # type: ignore[attr-defined]
            if ended:
                explain_ended(dispatcher, ended[0].entry, lang)  # type: ignore[arg-type]
                ask_feedback(dispatcher, lang)
                return []
            dispatcher.utter_message(
                text=pick(
                    lang,
                    f"Ein Zentrum mit Sitz in {label(STATES, facts.state, lang)} kenne ich nicht; "
                    "diese Zentren arbeiten bundesweit oder für Ihre Branche:",
                    f"I know of no centre based in {label(STATES, facts.state, lang)}; these "
                    "centres work nationwide or for your sector:",
                )
            )
        else:
            dispatcher.utter_message(
                text=pick(
                    lang,
                    "Die Mittelstand-Digital Zentren unterstützen KMU und Handwerk kostenfrei bei "
                    "der Digitalisierung. Für Sie passen:",
                    "The Mittelstand-Digital centres support SMEs and crafts businesses free of "
                    "charge. These fit you:",
                )
            )
        for hit in usable[:2]:
            cards.send_card(dispatcher, cards.centre_card(hit.entry, hit.status, lang))  # type: ignore[arg-type]
        ask_feedback(dispatcher, lang)
        return []


def answer_named_centre(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Answer about the centre the question names, with its dates and what follows it; False
    when none is named. A network ("die Mittelstand-Digital Zentren") counts as named only in
    a question about later years (then the best-matching network answers even unnamed), so
    "Welches Mittelstand-Digital Zentrum ist in meiner Nähe?" still searches by region."""
    lang = language(tracker)
    question = tracker.latest_message.get("text") or ""
    day = today()
    later = asks_about_later(question)
    named = [
        entry
        for entry in named_entries(KNOWLEDGE.search(), question, "centre", day)
        if isinstance(entry, Centre) and (later or entry.centre_type != "network")
    ]
    if not named and later:  # "Gibt es die Zentren 2027 noch?": the networks' dates
        hits = KNOWLEDGE.search().search(
            question, SearchFilters(kinds=("centre",)), limit=20, day=day
        )
        named = [hit.entry for hit in hits if getattr(hit.entry, "centre_type", "") == "network"]
    if not named:
        return False
    centre = named[0]
    assert isinstance(centre, Centre)
    status = status_on(centre, day)
    if status is Status.ENDED:
        explain_ended(dispatcher, centre, lang)
    else:
        cards.send_card(dispatcher, cards.centre_card(centre, status, lang))
        if later:
            send_successor(dispatcher, centre, lang)
    ask_feedback(dispatcher, lang)
    return True


def explain_ended(dispatcher: CollectingDispatcher, centre: Centre, lang: str) -> None:
    """Say that a centre has ended, when, and what follows it."""
    assert centre.valid_until
    ended = pick(
        lang,
        f"Das **{centre.name}** hat seine Arbeit beendet: Die Förderperiode endete am "
        f"{render.day(centre.valid_until, lang)}.",
        f"The **{centre.name}** has ended: its funding period ended on "
        f"{render.day(centre.valid_until, lang)}.",
    )
    send_successor(dispatcher, centre, lang, first_line=ended)


def send_successor(
    dispatcher: CollectingDispatcher, centre: Centre, lang: str, first_line: str | None = None
) -> None:
    """Name the centre's successor and show its card (after `first_line`, when given)."""
    successor = KNOWLEDGE.search().get(centre.successor) if centre.successor else None
    lines = [first_line] if first_line else []
    if isinstance(successor, Centre):
        lines.append(pick(lang, "Nachfolge: ", "What follows: ") + successor.name)
    if lines:
        dispatcher.utter_message(text="\n".join(lines))
    if isinstance(successor, Centre):
        status = status_on(successor, today())
        cards.send_card(dispatcher, cards.centre_card(successor, status, lang))


def ask_feedback(dispatcher: CollectingDispatcher, lang: str) -> None:
    dispatcher.utter_message(
        text=pick(lang, "War das hilfreich?", "Was this helpful?"), buttons=buttons.feedback(lang)
    )
