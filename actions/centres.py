"""Finding the Mittelstand-Digital Zentrum for a region, sector or theme."""

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import buttons, cards, render
from actions.conversation import firm_facts, language
from actions.conversation import text as user_text
from actions.feedback import ask_feedback
from actions.knowledge_access import KNOWLEDGE
from knowledge.advisor import find_centres
from knowledge.models import Centre
from knowledge.search import SearchHit
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
                shown = self.explain_ended(dispatcher, ended[0], lang)
                ask_feedback(dispatcher, lang, shown)
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

    @staticmethod
    def explain_ended(dispatcher: CollectingDispatcher, hit: SearchHit, lang: str) -> list[Centre]:
        """Say that the region's centre has ended, when, and what follows it; returns the
        centres shown."""
        centre = hit.entry
        assert isinstance(centre, Centre) and centre.valid_until
        lines = [
            text("centre.ended", lang, name=centre.name, date=render.day(centre.valid_until, lang))
        ]
        successor = KNOWLEDGE.search().get(centre.successor) if centre.successor else None
        if not isinstance(successor, Centre):
            dispatcher.utter_message(text="\n".join(lines))
            return [centre]
        lines.append(text("centre.successor", lang, name=successor.name))
        dispatcher.utter_message(text="\n".join(lines))
        status = status_on(successor, today())
        cards.send_card(dispatcher, cards.centre_card(successor, status, lang))
        return [centre, successor]
