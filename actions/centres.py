"""Finding the Mittelstand-Digital Zentrum for a region, sector or theme, or answering about
the centre a question names."""

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import buttons, cards, render
from actions.conversation import firm_facts, language
from actions.conversation import text as user_text
from actions.feedback import ask_feedback
from actions.knowledge_access import KNOWLEDGE
from knowledge.advisor import find_centres, named_entries
from knowledge.models import Centre
from knowledge.routing import asks_about_later
from knowledge.search import SearchFilters
from knowledge.status import Status, status_on, today
from knowledge.vocabulary import STATES, label
from messages import text


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
        if not (facts.state or facts.sector or facts.topic or user_text(tracker)):
            dispatcher.utter_message(
                text=text("centre.ask_region", lang), buttons=buttons.states(lang, "find_centre")
            )
            return []
        state_name = label(STATES, facts.state, "de") if facts.state else ""
        request = f"{user_text(tracker)} Mittelstand-Digital Zentrum {state_name}".strip()
        hits = find_centres(KNOWLEDGE.search(), facts, request, today())
        usable = [hit for hit in hits if hit.status is not Status.ENDED]
        regional_usable = [h for h in usable if facts.state in h.entry.states]  # type: ignore[attr-defined]
        if facts.state and not regional_usable:
            ended = [h for h in hits if h.status is Status.ENDED and facts.state in h.entry.states]  # type: ignore[attr-defined]
            if ended:
                centre = ended[0].entry
                assert isinstance(centre, Centre)
                ask_feedback(dispatcher, lang, explain_ended(dispatcher, centre, lang))
                return []
            dispatcher.utter_message(
                text=text("centre.none_in_state", lang, state=label(STATES, facts.state, lang))
            )
        else:
            dispatcher.utter_message(text=text("centre.intro", lang))
        for hit in usable[:2]:
            cards.send_card(dispatcher, cards.centre_card(hit.entry, hit.status, lang))  # type: ignore[arg-type]
        ask_feedback(dispatcher, lang, [hit.entry for hit in usable[:2]])
        return []


def answer_named_centre(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Answer about the centre the question names, with its dates and what follows it; False
    when none is named. A network ("die Mittelstand-Digital Zentren") counts as named only in
    a question about later years (then the best-matching network answers even unnamed), so
    "Welches Mittelstand-Digital Zentrum ist in meiner Nähe?" still searches by region."""
    lang = language(tracker)
    question = user_text(tracker)
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
        named = [
            hit.entry
            for hit in hits
            if isinstance(hit.entry, Centre) and hit.entry.centre_type == "network"
        ]
    if not named:
        return False
    centre = named[0]
    assert isinstance(centre, Centre)
    status = status_on(centre, day)
    if status is Status.ENDED:
        shown = explain_ended(dispatcher, centre, lang)
    else:
        cards.send_card(dispatcher, cards.centre_card(centre, status, lang))
        shown = [centre, *(send_successor(dispatcher, centre, lang) if later else [])]
    ask_feedback(dispatcher, lang, shown)
    return True


def explain_ended(dispatcher: CollectingDispatcher, centre: Centre, lang: str) -> list[Centre]:
    """Say that a centre has ended, when, and what follows it; returns the centres shown."""
    assert centre.valid_until
    ended = text("centre.ended", lang, name=centre.name, date=render.day(centre.valid_until, lang))
    return [centre, *send_successor(dispatcher, centre, lang, first_line=ended)]


def send_successor(
    dispatcher: CollectingDispatcher, centre: Centre, lang: str, first_line: str | None = None
) -> list[Centre]:
    """Name the centre's successor and show its card (after `first_line`, when given);
    returns the successor shown, if any."""
    successor = KNOWLEDGE.search().get(centre.successor) if centre.successor else None
    lines = [first_line] if first_line else []
    if isinstance(successor, Centre):
        lines.append(text("centre.successor", lang, name=successor.name))
    if lines:
        dispatcher.utter_message(text="\n".join(lines))
    if not isinstance(successor, Centre):
        return []
    cards.send_card(dispatcher, cards.centre_card(successor, status_on(successor, today()), lang))
    return [successor]
