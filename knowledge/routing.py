"""Question or search? The kind of request a message is, decided from its structure where the
NLU model's guess is known to go wrong because of the business words in it.

- A request to write or draft a text for the user, or a private, tax or legal matter, is never
  a funding request unless it asks for funding: it gets the out-of-scope answer.
- A question about the rules, definitions or the process of funding (SME status, a project
  already ordered, combining programmes, own share and VAT, state aid, who helps with the
  application, funding twice) is answered as a question, even when it carries firm facts.
  So is a question whether a duty applies ("Brauchen wir einen Datenschutzbeauftragten?").
- A question about the competence centres goes to the centre answer, and so does a question
  whether they continue in a later year (answered from the centres' dates).

Standard library only: the Rasa process (`nlu_components/intent_router.py`) imports it.
"""

import re

OUT_OF_SCOPE = "out_of_scope"
QUESTION = "ask_question"
CENTRE = "find_centre"

# Intents whose guess the structural rules may correct; small talk, handover, feedback,
# restart and the like are never overridden. A programme or centre named in a question is
# answered by its own action, so `ask_programme` is only corrected to out of scope or to a
# rules question.
SEARCHES = frozenset({"find_funding", "inform", "find_case", "nlu_fallback"})
CORRECTABLE = SEARCHES | {"ask_programme", "ask_question", "find_centre", "out_of_scope"}


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


FUNDING_ASK = _any(
    r"förder",
    r"zusch[uü](ss|ß)",
    r"subvention",
    r"\bprogramm",
    r"\bgrants?\b",
    r"\bfunding\b",
    r"\bfunded\b",
    r"\bsubsid",
    r"\bprogrammes?\b",
    r"\bprograms?\b",
)
# The user asks the bot to write something ("schreib mir …", "kannst du … formulieren",
# "can you write …", "draft a …").
WRITING_REQUEST = _any(
    r"\b(schreib|formulier|entwirf|verfass|übersetz)(e|en|t)?\s+(mir|uns|bitte)\b",
    r"\b(kannst|könntest|können|könnten|würdest|würden)\s+(du|sie)\b[^.?!]*"
    r"\b(schreiben|formulieren|entwerfen|verfassen|aufsetzen|übersetzen|dichten)\b",
    r"\b(can|could|would|will)\s+you\b[^.?!]*\b(write|draft|compose|translate|word)\b",
    r"^\s*(please\s+)?(write|draft|compose|translate)\b",
    r"\bhelp\s+me\s+(to\s+)?(write|draft|word)\b",
)
# Private, tax and legal matters of the firm or its owner.
PRIVATE_MATTER = _any(
    r"\bprivat(e|en|er|es)?\s+(auto|wagen|pkw|haus|wohnung|kredit|darlehen|steuer|urlaub"
    r"|angelegenheit|versicherung|zwecke)",
    r"\bfür\s+mich\s+privat",
    r"\bprivat\s+(nutzen|kaufen)",
    r"\b(my|our)\s+private\b",
    r"\bprivate\s+(car|house|home|flat|loan|matter|use|holiday)",
    r"steuererklärung",
    r"einkommen(s)?steuer",
    r"\btax\s+return",
    r"\bincome\s+tax",
    r"\bkündig",
    r"mietvertrag",
    r"stromvertrag",
    r"\btenancy\b",
    r"\blease\b",
    r"\bterminat",
    r"\bcancel\b",
    r"\babmahnung",
    r"arbeitsrecht",
    r"\bverklagen\b",
    r"\bklage\b",
    r"\blawsuit",
    r"\bsue\b",
    r"\bscheidung",
    r"\bdivorce",
    r"\berbschaft",
    r"\binheritance",
    r"\bkrank(geschrieben|meldung|schreibung)?\b",
    r"\bsick\b",
    r"\bmahnung\b",
    r"\binkasso",
    r"\bbußgeld",
    r"\bstrafzettel",
    r"\bparking\s+ticket",
)
RULES_QUESTION = _any(
    # SME status and size classes
    r"\b(sind|bin|gelten|gilt|zählen|zählt|bleiben|bleibt|ist|wäre|wären)\s+(wir|ich|man|das"
    r"|der\s+betrieb|die\s+firma|unser\s+betrieb)\b[^.?!]*\b(kmu|kleinstunternehm\w*"
    r"|klein(e|es|en)?\s+unternehm\w*|mittler(e|es|en)?\s+unternehm\w*|mittelständ\w*)",
    r"\bkein(e)?\s+kmu\b",
    r"\bab\s+wann\b[^.?!]*\bkmu\b",
    r"\bkmu-?(status|definition|grenze)",
    r"\b(are|am|is)\s+(we|i|it|that|this|the\s+firm|my\s+firm|our\s+firm|a\s+firm|a\s+company)"
    r"\s+(still\s+|then\s+|considered\s+|classed\s+as\s+|classified\s+as\s+)*(an?\s+)?"
    r"(sme|small|micro|medium)",
    r"\b(count|counts|qualify|qualifies)\s+as\s+(an?\s+)?(sme|small|micro|medium)",
    r"\bsme\s+(status|definition|threshold)",
    # a project already ordered, signed or started; what may happen before the application
    r"\b(schon|bereits)\s+([\w-]+\s+){0,4}(bestellt|gekauft|beauftragt|unterschrieben|angefangen"
    r"|begonnen|gestartet|angeschafft|bezahlt|installiert)",
    r"\bvertrag\s+([\w-]+\s+){0,7}unterschrieben",
    r"\bnachträglich",
    r"\balready\s+([\w-]+\s+){0,3}(ordered|bought|purchased|signed|started|begun|paid|installed)",
    r"\bsigned\s+(the|a)\s+contract",
    r"\bretroactive",
    r"\bafter\s+the\s+fact",
    r"\bvor\s+(dem\s+antrag|der\s+antragstellung|antragstellung|bewilligung)",
    r"\bbefore\s+(applying|the\s+application|approval)",
    # combining programmes
    r"kombinier",
    r"kumulier",
    r"\bcombin(e|ing|ed)\b",
    r"\bstack(ing)?\s+(grants|funding)",
    r"(dasselbe|das\s+gleiche|demselben|dem\s+gleichen)\s+(vorhaben|projekt)",
    r"\bthe\s+same\s+project",
    # own share, VAT, what is paid
    r"mehrwertsteuer",
    r"umsatzsteuer",
    r"vorsteuer",
    r"\bmwst\b",
    r"\bvat\b",
    r"eigenanteil",
    r"eigenmittel",
    r"\bown\s+(contribution|funds|share)",
    r"\b100\s*%\s*(gefördert|funded)",
    r"\bpay\s+part\s+of",
    r"\bselbst\s+(zahlen|tragen|bezahlen)",
    # state aid
    r"beihilfe",
    r"\bstate\s+aid",
    # who helps with the application, and at what cost
    r"\b(wer|who)\s+(hilft|helps|unterstützt|supports)\b[^.?!]*\b(antrag|anträge|ausfüllen"
    r"|formular|forms?|application)",
    r"\bfill(ing)?\s+in\s+the\s+(forms?|application)",
    r"fördermittelberater",
    r"\bfunding\s+consultants?\b",
    # funding a second time
    r"\b(schon|bereits)\s+(mal\s+|einmal\s+)?(eine?n?\s+)?[\w-]+\s+(gefördert|bewilligt)",
    r"\b(already|previously)\s+(\w+\s+){0,3}(funded|received)\b",
)
# Whether a duty applies to the firm ("Müssen wir …?", "Brauchen wir einen …?", "Do we have
# to …?"): a question about rules, not a search, unless it asks for funding.
DUTY_QUESTION = _any(
    r"\b(müssen|muss|brauchen|braucht|benötigen)\s+(wir|ich|man)\b",
    r"\b(verpflichtet|pflicht)\b",
    r"\b(do|does)\s+(we|i|my\s+firm|our\s+firm)\s+(need|have)\s+to\b",
    r"\b(must|should)\s+(we|i)\b",
    r"\b(are|am)\s+(we|i)\s+(required|obliged)\b",
    r"\bmandatory\b",
)
CENTRE_WORDS = _any(
    r"kompetenzzentr",
    r"mittelstand[-\s]digital",
    r"mittelstand\s+4\.0",
    r"digitalzentr",
    r"zukunftszentr",
    r"\bzentr(um|en)\b",
    r"\bcompetence\s+cent(re|er)s?",
    r"\b(digital|innovation)\s+hubs?\b",
    r"\bedih\b",
    r"\bcent(re|er)s?\b",
    # who helps, without a funding ask: free support is what the centres give
    r"\b(wer|who)\s+(hilft|helps|can\s+help|berät|advises|unterstützt|supports)\b",
)

EXAMPLE_WORDS = _any(
    r"beispiel",
    r"\bexamples?\b",
    r"umgesetzt",
    r"erfahrung",
    r"success\s+stor",
    r"case\s+stud",
)

# Whether something still exists or runs later ("noch", "2027", "next year", "continue").
LATER = _any(
    r"\b(nächste[ns]?|kommende[ns]?)\s+jahr",
    r"\bnext\s+year",
    r"\bnoch\b",
    r"\bstill\b",
    r"\bweiter(machen|hin|arbeiten|laufen)?\b",
    r"\bcontinue",
    r"\bexist",
    r"künftig",
    r"\bin\s+(the\s+)?future",
)
YEAR = re.compile(r"\b(20\d\d)\b")


def asks_for_funding(text: str) -> bool:
    return bool(FUNDING_ASK.search(text))


def is_off_topic(text: str) -> bool:
    """A writing job or a private, tax or legal matter that does not ask for funding."""
    if asks_for_funding(text):
        return False
    return bool(WRITING_REQUEST.search(text) or PRIVATE_MATTER.search(text))


def is_rules_question(text: str) -> bool:
    """A question about the rules, definitions or process of funding."""
    return bool(RULES_QUESTION.search(text))


def is_duty_question(text: str) -> bool:
    """Whether a duty applies, without asking for funding."""
    return bool(DUTY_QUESTION.search(text)) and not asks_for_funding(text)


def is_about_centres(text: str) -> bool:
    """Asks for a competence centre, not for funding or for examples of firms."""
    return (
        bool(CENTRE_WORDS.search(text))
        and not asks_for_funding(text)
        and not EXAMPLE_WORDS.search(text)
    )


def asks_about_later(text: str) -> bool:
    """Whether the question is about a period: whether something runs in a year or later."""
    return bool(LATER.search(text))


def route(text: str, intent: str | None) -> str | None:
    """The intent the message must have, or None to keep the model's guess."""
    if not text or text.startswith("/") or intent not in CORRECTABLE:
        return None
    if is_off_topic(text):
        return OUT_OF_SCOPE
    if is_rules_question(text) or (intent in SEARCHES and is_duty_question(text)):
        return QUESTION
    if is_about_centres(text) and (
        intent in SEARCHES or (intent == "ask_question" and asks_about_later(text))
    ):
        return CENTRE
    return None
