"""Checks a firm's facts against a programme's typed limits and says which condition fails."""

from dataclasses import dataclass

from knowledge.firm_facts import FirmFacts
from knowledge.models import Programme
from knowledge.vocabulary import SECTORS, STATES, label

LEGAL_FORM_LABELS = {"freelancer": ("Freiberufler", "freelancers")}


@dataclass(frozen=True)
class Failure:
    """One condition a firm does not meet, explained in German and English."""

    condition: str
    de: str
    en: str

    def text(self, language: str) -> str:
        return self.en if language == "en" else self.de


def _states(codes: list[str], language: str) -> str:
    return ", ".join(label(STATES, code, language) for code in codes)


def _number(value: int, language: str) -> str:
    return f"{value:,}".replace(",", "." if language == "de" else ",")


def eligibility_failures(programme: Programme, facts: FirmFacts) -> list[Failure]:
    """Every condition of `programme` that the known `facts` rule out (unknown facts pass)."""
    failures = []
    if facts.state and programme.states and facts.state not in programme.states:
        failures.append(
            Failure(
                "state",
                f"nur für Unternehmen in {_states(programme.states, 'de')} – "
                f"Ihr Betrieb sitzt in {label(STATES, facts.state, 'de')}",
                f"only for firms in {_states(programme.states, 'en')} – "
                f"your firm is in {label(STATES, facts.state, 'en')}",
            )
        )
    employee_limit = programme.max_employees
    if (
        facts.employees is not None
        and employee_limit is not None
        and (facts.employees > employee_limit)
    ):
        failures.append(
            Failure(
                "employees",
                f"höchstens {_number(employee_limit, 'de')} Beschäftigte – "
                f"Sie haben {_number(facts.employees, 'de')}",
                f"at most {_number(employee_limit, 'en')} employees – "
                f"you have {_number(facts.employees, 'en')}",
            )
        )
    turnover_limit = programme.max_turnover_eur
    if (
        facts.turnover_eur is not None
        and turnover_limit is not None
        and (facts.turnover_eur > turnover_limit)
    ):
        failures.append(
            Failure(
                "turnover",
                f"höchstens {_number(turnover_limit, 'de')} € Jahresumsatz",
                f"at most €{_number(turnover_limit, 'en')} annual turnover",
            )
        )
    if facts.sector:
        if facts.sector in programme.excluded_sectors:
            failures.append(
                Failure(
                    "sector",
                    f"die Branche {label(SECTORS, facts.sector, 'de')} ist ausgeschlossen",
                    f"the {label(SECTORS, facts.sector, 'en')} sector is excluded",
                )
            )
        elif programme.sectors and facts.sector not in programme.sectors:
            allowed_de = ", ".join(label(SECTORS, s, "de") for s in programme.sectors)
            allowed_en = ", ".join(label(SECTORS, s, "en") for s in programme.sectors)
            failures.append(
                Failure("sector", f"nur für die Branchen {allowed_de}", f"only for {allowed_en}")
            )
    if facts.legal_form and facts.legal_form in programme.excluded_legal_forms:
        de, en = LEGAL_FORM_LABELS.get(facts.legal_form, (facts.legal_form, facts.legal_form))
        failures.append(Failure("legal_form", f"{de} sind ausgeschlossen", f"{en} are excluded"))
    return failures
