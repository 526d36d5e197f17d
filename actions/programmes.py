"""Questions about a named programme: what it is, whether it still runs, whether it fits."""

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import render
from actions.centres import answer_named_centre
from actions.conversation import firm_facts, language
from actions.feedback import ask_feedback
from actions.knowledge_access import KNOWLEDGE
from actions.questions import answer_from_search
from knowledge.advisor import alternatives_for, named_entries, programme_failures
from knowledge.firm_facts import FirmFacts
from knowledge.models import Programme
from knowledge.status import Status, status_on, today
from knowledge.vocabulary import SECTORS, STATES, label
from messages import text


class ProgrammeDetails(Action):
    def name(self) -> str:
        return "action_programme_details"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        lang = language(tracker)
        search = KNOWLEDGE.search()
        message = tracker.latest_message.get("text") or ""
        facts = firm_facts(tracker)
        named = named_entries(search, message, "programme", today(), facts.state)
        if not named:
            if answer_named_centre(dispatcher, tracker):
                return []
            return answer_from_search(dispatcher, tracker, kinds=("programme", "faq"))
        programme = named[0]
        assert isinstance(programme, Programme)
        day = today()
        status = status_on(programme, day)
        failures = programme_failures(programme, facts)
        if status is Status.ENDED:
            ended = render.day(programme.valid_until, lang)  # type: ignore[arg-type]
            dispatcher.utter_message(
                text=text("programme.ended", lang, name=programme.name, date=ended)
            )
        elif failures:
            reasons = render.failures_text(failures, lang)
            dispatcher.utter_message(
                text=text("programme.does_not_fit", lang, name=programme.name, reasons=reasons)
            )
        elif checked_facts(programme, facts, lang):
            checked = ", ".join(checked_facts(programme, facts, lang))
            dispatcher.utter_message(
                text=text("programme.meets_basics", lang, facts=checked, name=programme.name)
            )
        dispatcher.utter_message(text=render.programme_card(programme, status, lang))
        if status is Status.ENDED or failures:
            self.offer_alternatives(dispatcher, programme, tracker, lang)
        ask_feedback(dispatcher, lang, [programme])
        return []

    @staticmethod
    def offer_alternatives(
        dispatcher: CollectingDispatcher, programme: Programme, tracker: Tracker, lang: str
    ) -> None:
        note = render.pick(lang, programme.successor_note_de, programme.successor_note_en)
        alternatives = alternatives_for(KNOWLEDGE.search(), programme, firm_facts(tracker), today())
        lines = [note] if note else []
        if alternatives:
            lines.append(text("programme.instead", lang))
            for item in alternatives:
                lines.append(
                    f"• **{item.programme.name}** – "
                    f"{render.funding_terms(item.programme, lang)} ({item.programme.source_url})"
                )
        if lines:
            dispatcher.utter_message(text="\n".join(lines))


def checked_facts(programme: Programme, facts: FirmFacts, language: str) -> list[str]:
    """The firm's known facts that the programme limits (empty when none was checked, so
    nothing is confirmed without a reason)."""
    checked = []
    if facts.state and programme.states:
        checked.append(label(STATES, facts.state, language))
    if facts.employees is not None and programme.max_employees is not None:
        checked.append(text("funding.employees", language, count=facts.employees))
    if facts.sector and (programme.sectors or programme.excluded_sectors):
        checked.append(label(SECTORS, facts.sector, language))
    return checked
