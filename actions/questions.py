"""Free questions, answered from knowledge-base search with the source named, or honestly not."""

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import buttons, render
from actions.conversation import channel, intent, language
from actions.conversation import text as user_text
from actions.feedback import ask_feedback
from actions.knowledge_access import KNOWLEDGE
from knowledge.advisor import confident_answer
from knowledge.models import Kind
from knowledge.search import SearchFilters
from knowledge.status import today
from messages import text
from records.store import RecordStore

logger = logging.getLogger(__name__)


def answer_from_search(
    dispatcher: CollectingDispatcher, tracker: Tracker, kinds: tuple[Kind, ...] = ()
) -> list[EventType]:
    """Answer with the best knowledge-base entry, or say honestly that none fits."""
    lang = language(tracker)
    question = user_text(tracker)
    hits = KNOWLEDGE.search().search(question, SearchFilters(kinds=kinds), limit=3, day=today())
    best = confident_answer(hits) if question else None
    if best is not None:
        dispatcher.utter_message(text=render.entry_card(best.entry, best.status, lang))
        ask_feedback(dispatcher, lang, [best.entry])
        return [SlotSet("fallback_count", 0)]
    return not_answered(dispatcher, tracker)


def not_answered(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """First miss: ask to rephrase with options; second miss in a row: offer a person."""
    lang = language(tracker)
    question = user_text(tracker)
    if question:
        RecordStore().add_unanswered(tracker.sender_id, question, lang, channel(tracker))
    misses = int(tracker.get_slot("fallback_count") or 0) + 1
    logger.info("question not answered", extra={"intent": intent(tracker), "misses": misses})
    if misses == 1 and intent(tracker) == "nlu_fallback":
        dispatcher.utter_message(
            text=text("question.not_understood", lang), buttons=buttons.next_steps(lang)
        )
    else:
        dispatcher.utter_message(
            text=text("question.no_reliable_answer", lang), buttons=buttons.offer_person(lang)
        )
    return [SlotSet("fallback_count", misses)]


class AnswerQuestion(Action):
    def name(self) -> str:
        return "action_answer_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        return answer_from_search(dispatcher, tracker)
