"""Best-practice cases from firms like the user's."""

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import buttons, cards
from actions.conversation import firm_facts, language, pick, text
from actions.knowledge_access import KNOWLEDGE
from knowledge.advisor import find_cases
from knowledge.status import today
from knowledge.vocabulary import SECTORS, TOPICS, label


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
                text(tracker),
                label(SECTORS, facts.sector, "de") if facts.sector else "",
                label(TOPICS, facts.topic, "de") if facts.topic else "",
                "Praxisbeispiel Digitalisierung",
            )
            if part
        )
        hits = find_cases(KNOWLEDGE.search(), facts, request, today())
        if not hits:
            dispatcher.utter_message(
                text=pick(
                    lang,
                    "Dazu habe ich leider noch kein Praxisbeispiel.",
                    "I don't have an example for that yet.",
                )
            )
            return []
        dispatcher.utter_message(
            text=pick(
                lang,
                "So haben es andere Betriebe gemacht:",
                "Here is how other firms did it:",
            )
        )
        for hit in hits:
            cards.send_card(dispatcher, cards.case_card(hit.entry, hit.status, lang))  # type: ignore[arg-type]
        dispatcher.utter_message(
            text=pick(lang, "War das hilfreich?", "Was this helpful?"),
            buttons=buttons.feedback(lang),
        )
        return []
