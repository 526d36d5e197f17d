"""The funding finder: collect the firm's facts, then recommend open programmes that fit."""

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker, ValidationAction
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import buttons, cards, render
from actions.conversation import firm_facts, language
from actions.extraction import FirmFactExtraction, valid_employees
from actions.feedback import ask_feedback
from actions.knowledge_access import KNOWLEDGE
from knowledge.advisor import find_centres, nationwide_preview, recommend_programmes
from knowledge.firm_facts import SKIPPED, FirmFacts, normalise_code
from knowledge.status import today
from knowledge.vocabulary import SECTORS, STATES, TOPICS, label
from messages import text

PAGE_SIZE = 3


def validated_code(
    slot: str,
    value: Any,
    vocabulary: dict[str, tuple[str, str]],
    invalid_key: str,
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
) -> dict[str, Any]:
    """Keep a code or a skip, turn a label into its code, explain anything else
    (`invalid_key`: the catalogue's explanation)."""
    if value == SKIPPED or value in vocabulary:
        return {slot: value}
    code = normalise_code(value, vocabulary)
    if code:
        return {slot: code}
    dispatcher.utter_message(text=text(invalid_key, language(tracker)))
    return {slot: None}


class FirmFactValidation(FirmFactExtraction):
    """`validate_<slot>` methods: keep codes and skips, explain anything else."""

    async def validate_state(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return validated_code("state", value, STATES, "funding.invalid_state", dispatcher, tracker)

    async def validate_employees(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value == SKIPPED:
            return {"employees": value}
        count = valid_employees(value)
        if count is not None:
            return {"employees": count}
        dispatcher.utter_message(text=text("funding.invalid_employees", language(tracker)))
        return {"employees": None}

    async def validate_sector(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return validated_code(
            "sector", value, SECTORS, "funding.invalid_sector", dispatcher, tracker
        )

    async def validate_topic(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return validated_code("topic", value, TOPICS, "funding.invalid_topic", dispatcher, tracker)


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
        parts.append(text("funding.employees", lang, count=facts.employees))
    if facts.sector:
        parts.append(label(SECTORS, facts.sector, lang))
    if facts.topic:
        parts.append(label(TOPICS, facts.topic, lang))
    if not parts:
        return None
    return text("funding.noted", lang, facts=" · ".join(parts))


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
        summary = facts_summary(firm_facts(tracker), lang) or text("funding.intro", lang)
        question, options = self.question(lang)
        dispatcher.utter_message(
            text=f"{summary}\n{question}", buttons=[*options, buttons.skip(lang)]
        )
        return events


class AskState(AskFundingSlot):
    slot = "state"

    def question(self, lang: str) -> tuple[str, list[buttons.Button]]:
        return text("funding.ask_state", lang), buttons.states(lang, "inform")

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
        lines = [text("funding.preview", lang, topic=label(TOPICS, facts.topic, lang))]
        for item in found:
            summary = render.pick(lang, item.programme.summary_de, item.programme.summary_en)
            lines.append(
                f"• **{item.programme.name}** – {render.first_sentence(summary)} "
                f"({render.funding_terms(item.programme, lang)}; {item.programme.source_url})"
            )
        lines.append(text("funding.preview_more", lang))
        dispatcher.utter_message(text="\n".join(lines))
        return [SlotSet("preview_shown", True)]


class AskEmployees(AskFundingSlot):
    slot = "employees"

    def question(self, lang: str) -> tuple[str, list[buttons.Button]]:
        options = [
            buttons.button(title, f'/inform{{"employees":"{count}"}}')
            for title, count in (("1–9", 5), ("10–49", 25), ("50–249", 100), ("250+", 300))
        ]
        return text("funding.ask_employees", lang), options


class AskSector(AskFundingSlot):
    slot = "sector"

    def question(self, lang: str) -> tuple[str, list[buttons.Button]]:
        return text("funding.ask_sector", lang), buttons.sectors(lang)


class AskTopic(AskFundingSlot):
    slot = "topic"

    def question(self, lang: str) -> tuple[str, list[buttons.Button]]:
        return text("funding.ask_topic", lang), buttons.topics(lang)


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
    more = [buttons.more_results(lang, len(rest))] if rest else []
    ask_feedback(dispatcher, lang, [r.programme for r in page], more)
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
                text=text("funding.none_found", lang), buttons=buttons.next_steps(lang)[1:]
            )
            return [SlotSet("result_queue", [])]
        intro = text("funding.found", lang, count=len(found))
        dispatcher.utter_message(text=f"{summary}\n{intro}" if summary else intro)
        events = show_programmes(dispatcher, tracker, [r.programme.id for r in found], lang)
        if not facts.state:
            dispatcher.utter_message(text=text("funding.nationwide_only", lang))
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
        offer = text("funding.regional_centre", lang, centre=centre.title)
        note = cards.status_line(centre, centres[0].status, lang)
        return f"{offer}\n{note}" if note else offer


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
                text=text("funding.no_more", lang), buttons=buttons.next_steps(lang)
            )
            return []
        return show_programmes(dispatcher, tracker, queue, lang)
