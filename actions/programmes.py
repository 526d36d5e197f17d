"""Questions about a named programme: what it is, whether it still runs, whether it fits."""

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import buttons, render
from actions.centres import answer_named_centre
from actions.conversation import firm_facts, language, pick
from actions.knowledge_access import KNOWLEDGE
from actions.questions import answer_from_search
from knowledge.advisor import alternatives_for, named_entries, programme_failures
from knowledge.firm_facts import FirmFacts
from knowledge.models import Programme
from knowledge.status import Status, status_on, today
from knowledge.vocabulary import SECTORS, STATES, label


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
            dispatcher.utter_message(
                text=pick(
                    lang,
                    f"**{programme.name}** gibt es nicht mehr: Das Programm ist am "
                    f"{render.day(programme.valid_until, lang)} ausgelaufen.",  # type: ignore[arg-type]
                    f"**{programme.name}** no longer exists: it ended on "
                    f"{render.day(programme.valid_until, lang)}.",  # type: ignore[arg-type]
                )
            )
        elif failures:
            dispatcher.utter_message(
                text=pick(
                    lang,
                    f"**{programme.name}** passt leider nicht zu Ihrem Betrieb: "
                    f"{render.failures_text(failures, lang)}.",
                    f"Unfortunately **{programme.name}** does not fit your firm: "
                    f"{render.failures_text(failures, lang)}.",
                )
            )
        elif checked_facts(programme, facts):
            checked = ", ".join(checked_facts(programme, facts)[lang])
            dispatcher.utter_message(
                text=pick(
                    lang,
                    f"Nach Ihren Angaben ({checked}) erfüllt Ihr Betrieb die Grundvoraussetzungen "
                    f"von **{programme.name}**. Die Einzelheiten prüft der Förderer beim Antrag.",
                    f"From what you told me ({checked}), your firm meets the basic conditions of "
                    f"**{programme.name}**. The funder checks the details when you apply.",
                )
            )
        dispatcher.utter_message(text=render.programme_card(programme, status, lang))
        if status is Status.ENDED or failures:
            self.offer_alternatives(dispatcher, programme, tracker, lang)
        dispatcher.utter_message(
            text=pick(lang, "War das hilfreich?", "Was this helpful?"),
            buttons=buttons.feedback(lang),
        )
        return []

    @staticmethod
    def offer_alternatives(
        dispatcher: CollectingDispatcher, programme: Programme, tracker: Tracker, lang: str
    ) -> None:
        note = render.pick(lang, programme.successor_note_de, programme.successor_note_en)
        alternatives = alternatives_for(KNOWLEDGE.search(), programme, firm_facts(tracker), today())
        lines = [note] if note else []
        if alternatives:
            lines.append(pick(lang, "Stattdessen können Sie prüfen:", "Instead, have a look at:"))
            for item in alternatives:
                lines.append(
                    f"• **{item.programme.name}** – "
                    f"{render.funding_terms(item.programme, lang)} ({item.programme.source_url})"
                )
        if lines:
            dispatcher.utter_message(text="\n".join(lines))


def checked_facts(programme: Programme, facts: FirmFacts) -> dict[str, list[str]]:
    """The firm's known facts that the programme limits, in both languages (empty when none
    was checked, so nothing is confirmed without a reason)."""
    pairs = []
    if facts.state and programme.states:
        pairs.append((label(STATES, facts.state, "de"), label(STATES, facts.state, "en")))
    if facts.employees is not None and programme.max_employees is not None:
        pairs.append((f"{facts.employees} Beschäftigte", f"{facts.employees} employees"))
    if facts.sector and (programme.sectors or programme.excluded_sectors):
        pairs.append((label(SECTORS, facts.sector, "de"), label(SECTORS, facts.sector, "en")))
    if not pairs:
        return {}
    return {"de": [de for de, _ in pairs], "en": [en for _, en in pairs]}
