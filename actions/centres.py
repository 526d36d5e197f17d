"""Finding the Mittelstand-Digital Zentrum for a region, sector or theme."""

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import buttons, cards, render
from actions.conversation import firm_facts, language, pick, text
from actions.knowledge_access import KNOWLEDGE
from knowledge.advisor import find_centres
from knowledge.models import Centre
from knowledge.search import SearchHit
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
                self.explain_ended(dispatcher, ended[0], lang)
                return self.ask_feedback(dispatcher, lang)
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
        return self.ask_feedback(dispatcher, lang)

    @staticmethod
    def explain_ended(dispatcher: CollectingDispatcher, hit: SearchHit, lang: str) -> None:
        """Say that the region's centre has ended, when, and what follows it."""
        centre = hit.entry
        assert isinstance(centre, Centre) and centre.valid_until
        lines = [
            pick(
                lang,
                f"Das **{centre.name}** hat seine Arbeit beendet: Die Förderperiode endete am "
                f"{render.day(centre.valid_until, lang)}.",
                f"The **{centre.name}** has ended: its funding period ended on "
                f"{render.day(centre.valid_until, lang)}.",
            )
        ]
        successor = KNOWLEDGE.search().get(centre.successor) if centre.successor else None
        if isinstance(successor, Centre):
            lines.append(pick(lang, "Nachfolge: ", "What follows: ") + successor.name)
            dispatcher.utter_message(text="\n".join(lines))
            status = status_on(successor, today())
            cards.send_card(dispatcher, cards.centre_card(successor, status, lang))
        else:
            dispatcher.utter_message(text="\n".join(lines))

    @staticmethod
    def ask_feedback(dispatcher: CollectingDispatcher, lang: str) -> list[EventType]:
        dispatcher.utter_message(
            text=pick(lang, "War das hilfreich?", "Was this helpful?"),
            buttons=buttons.feedback(lang),
        )
        return []
