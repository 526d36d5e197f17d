"""Best-practice cases from firms like the user's."""

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import cards
from actions.conversation import firm_facts, language
from actions.conversation import text as user_text
from actions.feedback import ask_feedback
from actions.knowledge_access import KNOWLEDGE
from knowledge.advisor import find_cases
from knowledge.status import today
from knowledge.vocabulary import SECTORS, TOPICS, label
from messages import text


class FindCases(Action):
    def name(self) -> str:
        return "action_find_cases"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        lang = language(tracker)
        facts = firm_facts(tracker)
        request = " ".join(
            part
            for part in (
                user_text(tracker),
                label(SECTORS, facts.sector, "de") if facts.sector else "",
                label(TOPICS, facts.topic, "de") if facts.topic else "",
                "Praxisbeispiel Digitalisierung",
            )
            if part
        )
        hits = find_cases(KNOWLEDGE.search(), facts, request, today())
        if not hits:
            dispatcher.utter_message(text=text("case.none", lang))
            return []
        dispatcher.utter_message(text=text("case.intro", lang))
        for hit in hits:
            cards.send_card(dispatcher, cards.case_card(hit.entry, hit.status, lang))  # type: ignore[arg-type]
        ask_feedback(dispatcher, lang, [hit.entry for hit in hits])
        return []
