import pytest

from knowledge.routing import CENTRE, OUT_OF_SCOPE, QUESTION, route


@pytest.mark.parametrize(
    "text",
    [
        "Schreib mir bitte eine Abmahnung an unseren Lieferanten in Dortmund.",
        "Könnten Sie mir ein Anschreiben für unsere Bäckerei in Kiel formulieren?",
        "Kannst du eine Stellenanzeige für eine Pflegefachkraft in Leipzig verfassen?",
        "Can you draft a job ad for a warehouse worker at our logistics firm in Bremen?",
        "Please write a birthday speech for our foreman, 20 years at the carpentry.",
        "Wie mache ich die Steuererklärung für meine GmbH in Hessen?",
        "Our landlord wants to terminate the lease of our shop in Munich. What can we do?",
        "Ich will einen privaten Kredit für ein Wohnmobil, 40.000 Euro.",
        "Ein Mitarbeiter unserer Spedition ist seit Wochen krankgeschrieben, was nun?",
        "Wie kündige ich den Internetvertrag unseres Friseursalons?",
    ],
)
def test_writing_jobs_and_private_tax_or_legal_matters_are_out_of_scope(text: str) -> None:
    assert route(text, "find_funding") == OUT_OF_SCOPE
    assert route(text, "inform") == OUT_OF_SCOPE


@pytest.mark.parametrize(
    "text",
    [
        "Schreiben Sie mir bitte, welche Förderung es für einen Onlineshop in Kiel gibt.",
        "Gibt es Zuschüsse für eine Software, mit der wir Kündigungsfristen verwalten?",
        "Can you write down which grants fit a bakery in Hamburg?",
    ],
)
def test_a_funding_ask_is_never_out_of_scope(text: str) -> None:
    assert route(text, "find_funding") != OUT_OF_SCOPE


@pytest.mark.parametrize(
    "text",
    [
        "Mit 95 Leuten und 12 Mio Umsatz – zählen wir noch als kleines Unternehmen?",
        "Our balance sheet is €30m and we employ 140 people. Are we an SME?",
        "Ab wann ist man kein KMU mehr, wir wachsen gerade stark?",
        "Die Maschine ist schon bestellt, Metallbau in Ulm. Geht noch Förderung?",
        "We already signed the contract with the software vendor – too late for a grant?",
        "Den Vertrag mit der IT-Firma haben wir gestern unterschrieben. Geht der Zuschuss noch?",
        "Kann man einen Landeszuschuss mit einem Förderkredit der KfW kombinieren?",
        "Can I combine two grants for one IT security project in Saxony?",
        "Wie hoch ist der Eigenanteil bei einem Digitalisierungszuschuss?",
        "Does the grant cover VAT for a pharmacy in Bremen?",
        "Was bedeutet das Beihilferecht für unseren Hof mit 3 Leuten?",
        "Who helps me with the application forms for a digital grant?",
        "Wir haben schon einmal eine Beratung gefördert bekommen. Geht das wieder?",
        "Müssen wir als Handwerksbetrieb mit 8 Leuten eine IT-Sicherheitsrichtlinie haben?",
    ],
)
def test_rules_questions_with_firm_facts_are_questions(text: str) -> None:
    assert route(text, "find_funding") == QUESTION
    assert route(text, "inform") == QUESTION


@pytest.mark.parametrize(
    "text",
    [
        "Welches Kompetenzzentrum hilft einem Dachdecker in Sachsen-Anhalt?",
        "Is there a competence centre near Kiel for a fish wholesaler?",
        "Gibt es ein Mittelstand-Digital Zentrum für Handwerker in Franken?",
        "Metzgerei bei Jena, wir wollen mit KI planen. Wer hilft uns dabei?",
        "Who can help a small print shop in Kiel with cyber security?",
    ],
)
def test_centre_questions_go_to_the_centre_answer(text: str) -> None:
    assert route(text, "find_funding") == CENTRE
    assert route(text, "find_case") == CENTRE


@pytest.mark.parametrize(
    "text",
    [
        "Tischlerei in Kassel, 14 Leute, wir wollen eine Software für Aufmaß. Gibt es Förderung?",
        "We are a care service in Bavaria with 30 staff and want tablets. Any grants?",
        "Welche Förderung gibt es für ein Mittelstand-Digital Projekt in Bayern?",
        "Welche Betriebe haben mit einem Zentrum schon etwas umgesetzt? Beispiele?",
    ],
)
def test_funding_requests_and_case_requests_keep_the_model_guess(text: str) -> None:
    assert route(text, "find_funding") is None
    assert route(text, "find_case") is None


def test_small_talk_button_payloads_and_named_programmes_are_left_alone() -> None:
    assert route("Schreib mir bitte, danke!", "thank") is None
    assert route('/inform{"state":"BY"}', "inform") is None
    assert route("Welches Zentrum hilft bei ZIM?", "ask_programme") is None
    assert route("Läuft ZIM noch, wir haben schon bestellt?", "ask_programme") == QUESTION
