"""The funding finder: collect the firm's facts, then recommend open programmes that fit."""

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker, ValidationAction
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import buttons, cards, render
from actions.conversation import firm_facts, language, pick
from actions.extraction import FirmFactExtraction, valid_employees
from actions.knowledge_access import KNOWLEDGE
from knowledge.advisor import find_centres, nationwide_preview, recommend_programmes
from knowledge.firm_facts import SKIPPED, FirmFacts, normalise_code
from knowledge.status import today
from knowledge.vocabulary import SECTORS, STATES, TOPICS, label

PAGE_SIZE = 3


class FirmFactValidation(FirmFactExtraction):
    """`validate_<slot>` methods: keep codes and skips, explain anything else."""

    async def validate_state(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value == SKIPPED or value in STATES:
            return {"state": value}
        code = normalise_code(value, STATES)
        if code:
            return {"state": code}
        dispatcher.utter_message(
            text=pick(
                language(tracker),
                "Dieses Bundesland kenne ich nicht. Nennen Sie bitte ein Bundesland oder eine "
                "größere Stadt in der Nähe (z. B. „Bayern“ oder „Leipzig“).",
                "I don't know that state. Please name a German state or a larger city nearby "
                '(e.g. "Bavaria" or "Leipzig").',
            )
        )
        return {"state": None}

    async def validate_employees(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value == SKIPPED:
            return {"employees": value}
        count = valid_employees(value)
        if count is not None:
            return {"employees": count}
        dispatcher.utter_message(
            text=pick(
                language(tracker),
                "Bitte geben Sie die Zahl der Beschäftigten als Zahl an, z. B. „12“.",
                'Please give the number of employees as a number, e.g. "12".',
            )
        )
        return {"employees": None}

    async def validate_sector(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value == SKIPPED or value in SECTORS:
            return {"sector": value}
        code = normalise_code(value, SECTORS)
        if code:
            return {"sector": code}
        dispatcher.utter_message(
            text=pick(
                language(tracker),
                "Die Branche habe ich nicht erkannt – wählen Sie bitte eine aus oder überspringen "
                "Sie die Frage.",
                "I didn't recognise the sector – please pick one or skip the question.",
            )
        )
        return {"sector": None}

    async def validate_topic(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value == SKIPPED or value in TOPICS:
            return {"topic": value}
        code = normalise_code(value, TOPICS)
        if code:
            return {"topic": code}
        dispatcher.utter_message(
            text=pick(
                language(tracker),
                "Das Thema habe ich nicht erkannt – wählen Sie bitte eines aus oder überspringen "
                "Sie die Frage.",
                "I didn't recognise the topic – please pick one or skip the question.",
            )
        )
        return {"topic": None}


class ValidateSlotMappings(FirmFactValidation, ValidationAction):
    """Runs after every user message outside forms, so facts said in passing are remembered."""


class ValidateFundingForm(FirmFactValidation, FormValidationAction):
    answers_form_questions = True

    def name(self) -> str:
        return "validate_funding_form"


def facts_summary(facts: FirmFacts, lang: str) -> str | None:
    parts = []
    if facts.state:
        parts.append(label(STATES, facts.state, lang))
    if facts.employees is not None:
        parts.append(pick(lang, f"{facts.employees} Beschäftigte", f"{facts.employees} employees"))
    if facts.sector:
        parts.append(label(SECTORS, facts.sector, lang))
    if facts.topic:
        parts.append(label(TOPICS, facts.topic, lang))
    if not parts:
        return None
    return pick(lang, "Verstanden: ", "Noted: ") + " · ".join(parts)


class AskFundingSlot(Action, ABC):
    """Asks for one missing fact, saying first what is already known."""

    slot = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    @abstractmethod
    def question(self, lang: str) -> tuple[str, list[buttons.Button]]:
        """The question and its answer buttons."""

    def preview(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str
    ) -> list[EventType]:
        return []

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        lang = language(tracker)
        events = self.preview(dispatcher, tracker, lang)
        summary = facts_summary(firm_facts(tracker), lang) or pick(
            lang,
            "Gern suche ich passende Förderprogramme für Sie. Dafür brauche ich ein paar Angaben.",
            "I'm happy to look for suitable funding programmes. I need a few details for that.",
        )
        question, options = self.question(lang)
        text = f"{summary}\n{question}"
        dispatcher.utter_message(text=text, buttons=[*options, buttons.skip(lang)])
        return events


class AskState(AskFundingSlot):
    slot = "state"

    def question(self, lang: str) -> tuple[str, list[buttons.Button]]:
        options = [
            buttons.button(label(STATES, code, lang), f'/inform{{"state":"{code}"}}')
            for code in buttons.STATE_BUTTONS
        ]
        return (
            pick(
                lang,
                "In welchem Bundesland sitzt Ihr Betrieb? (Eine Stadt genügt auch.)",
                "In which German state is your firm based? (A city is fine too.)",
            ),
            options,
        )

    def preview(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, lang: str
    ) -> list[EventType]:
        """When the topic is already known, show nationwide programmes before asking."""
        facts = firm_facts(tracker)
        if not facts.topic or tracker.get_slot("preview_shown"):
            return []
        found = nationwide_preview(
            KNOWLEDGE.search(), facts, tracker.get_slot("funding_request"), today()
        )
        if not found:
            return []
        lines = [
            pick(
                lang,
                f"Bundesweit passen zum Thema {label(TOPICS, facts.topic, lang)} zum Beispiel:",
                f"Nationwide, for {label(TOPICS, facts.topic, lang)} these fit, for example:",
            )
        ]
        for item in found:
            summary = render.pick(lang, item.programme.summary_de, item.programme.summary_en)
            lines.append(
                f"• **{item.programme.name}** – {render.first_sentence(summary)} "
                f"({render.funding_terms(item.programme, lang)}; {item.programme.source_url})"
            )
        lines.append(
            pick(
                lang,
                "Mit ein paar Angaben prüfe ich auch die Programme Ihres Bundeslandes.",
                "With a few details I can also check your state's programmes.",
            )
        )
        dispatcher.utter_message(text="\n".join(lines))
        return [SlotSet("preview_shown", True)]


class AskEmployees(AskFundingSlot):
    slot = "employees"

    def question(self, lang: str) -> tuple[str, list[buttons.Button]]:
        options = [
            buttons.button(title, f'/inform{{"employees":"{count}"}}')
            for title, count in (("1–9", 5), ("10–49", 25), ("50–249", 100), ("250+", 300))
        ]
        return (
            pick(
                lang,
                "Wie viele Beschäftigte hat Ihr Betrieb ungefähr?",
                "About how many employees does your firm have?",
            ),
            options,
        )


class AskSector(AskFundingSlot):
    slot = "sector"

    def question(self, lang: str) -> tuple[str, list[buttons.Button]]:
        options = [
            buttons.button(pick(lang, de, en), f'/inform{{"sector":"{code}"}}')
            for code, de, en in buttons.SECTOR_BUTTONS
        ]
        return pick(lang, "In welcher Branche sind Sie tätig?", "Which sector are you in?"), options


class AskTopic(AskFundingSlot):
    slot = "topic"

    def question(self, lang: str) -> tuple[str, list[buttons.Button]]:
        options = [
            buttons.button(pick(lang, de, en), f'/inform{{"topic":"{code}"}}')
            for code, de, en in buttons.TOPIC_BUTTONS
        ]
        return (
            pick(lang, "Worum geht es in Ihrem Vorhaben?", "What is your project about?"),
            options,
        )


def show_programmes(
    dispatcher: CollectingDispatcher, tracker: Tracker, queue: list[str], lang: str
) -> list[EventType]:
    """Show the next page of recommended programmes and keep the rest for "more"."""
    search = KNOWLEDGE.search()
    facts = firm_facts(tracker)
    recommendations = {
        r.programme.id: r
        for r in recommend_programmes(search, facts, tracker.get_slot("funding_request"), today())
    }
    page = [recommendations[i] for i in queue if i in recommendations][:PAGE_SIZE]
    rest = [i for i in queue if i in recommendations][PAGE_SIZE:]
    for recommendation in page:
        cards.send_card(dispatcher, cards.recommendation_card(recommendation, lang))
    options = buttons.feedback(lang)
    if rest:
        more = pick(lang, f"Weitere Programme ({len(rest)})", f"More programmes ({len(rest)})")
        options = [buttons.button(more, "/more_results"), *options]
    dispatcher.utter_message(
        text=pick(lang, "War das hilfreich?", "Was this helpful?"), buttons=options
    )
    return [SlotSet("result_queue", rest)]


class RecommendFunding(Action):
    def name(self) -> str:
        return "action_recommend_funding"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        lang = language(tracker)
        search = KNOWLEDGE.search()
        facts = firm_facts(tracker)
        found = recommend_programmes(search, facts, tracker.get_slot("funding_request"), today())
        summary = facts_summary(facts, lang)
        if not found:
            dispatcher.utter_message(
                text=pick(
                    lang,
                    "Für diese Angaben habe ich in meiner Wissensbasis kein offenes Programm "
                    "gefunden. Ein Mittelstand-Digital Zentrum oder eine Beraterin kann Ihnen "
                    "weiterhelfen.",
                    "I found no open programme for these details in my knowledge base. A "
                    "Mittelstand-Digital centre or an adviser can help you further.",
                ),
                buttons=buttons.next_steps(lang)[1:],
            )
            return [SlotSet("result_queue", [])]
        intro = pick(
            lang,
            f"Diese offenen Programme passen am besten ({len(found)} gefunden):",
            f"These open programmes fit best ({len(found)} found):",
        )
        dispatcher.utter_message(text=f"{summary}\n{intro}" if summary else intro)
        events = show_programmes(dispatcher, tracker, [r.programme.id for r in found], lang)
        if not facts.state:
            dispatcher.utter_message(
                text=pick(
                    lang,
                    "Das sind bundesweite Programme. Landesprogramme zeige ich Ihnen, sobald Sie "
                    "mir Ihr Bundesland nennen.",
                    "These are nationwide programmes. Tell me your state and I'll show its "
                    "programmes too.",
                )
            )
        centre = self.regional_centre(facts, lang)
        if centre:
            dispatcher.utter_message(text=centre)
        return events

    @staticmethod
    def regional_centre(facts: FirmFacts, lang: str) -> str | None:
        if not facts.state:
            return None
        search = KNOWLEDGE.search()
        centres = find_centres(search, facts, "Mittelstand-Digital Zentrum", today(), limit=1)
        if not centres or not centres[0].status.is_available:
            return None
        centre = centres[0].entry
        if facts.state not in centre.states:  # type: ignore[attr-defined]
            return None
        text = pick(
            lang,
            f"Kostenlose Unterstützung bei der Umsetzung bietet das {centre.title} – fragen Sie "
            "mich nach „Zentrum in meiner Nähe“.",
            f"Free support with the project is offered by the {centre.title} – ask me for "
            '"centre near me".',
        )
        note = cards.status_line(centre, centres[0].status, lang)
        return f"{text}\n{note}" if note else text


class MoreResults(Action):
    def name(self) -> str:
        return "action_more_results"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        lang = language(tracker)
        queue = tracker.get_slot("result_queue") or []
        if not queue:
            dispatcher.utter_message(
                text=pick(
                    lang,
                    "Weitere passende Programme habe ich nicht. Möchten Sie etwas anderes suchen?",
                    "I have no further matching programmes. Would you like to search for "
                    "something else?",
                ),
                buttons=buttons.next_steps(lang),
            )
            return []
        return show_programmes(dispatcher, tracker, queue, lang)
