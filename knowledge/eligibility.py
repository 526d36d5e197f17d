"""Checks a firm's facts against a programme's typed limits and says which condition fails."""

from dataclasses import dataclass, field
from typing import Any

from knowledge.firm_facts import FirmFacts
from knowledge.models import Programme


@dataclass(frozen=True)
class Failure:
    """One condition a firm does not meet, as data: `condition` names it (the actions word it
    as `failure.<condition>` from the message catalogue) and `values` hold what the wording
    needs – codes of states, sectors and legal forms, and numbers."""

    condition: str
    values: dict[str, Any] = field(default_factory=dict)


def eligibility_failures(programme: Programme, facts: FirmFacts) -> list[Failure]:
    """Every condition of `programme` that the known `facts` rule out (unknown facts pass)."""
    failures = []
    if facts.state and programme.states and facts.state not in programme.states:
        failures.append(Failure("state", {"states": programme.states, "state": facts.state}))
    employee_limit = programme.max_employees
    if (
        facts.employees is not None
        and employee_limit is not None
        and (facts.employees > employee_limit)
    ):
        failures.append(
            Failure("employees", {"limit": employee_limit, "employees": facts.employees})
        )
    turnover_limit = programme.max_turnover_eur
    if (
        facts.turnover_eur is not None
        and turnover_limit is not None
        and (facts.turnover_eur > turnover_limit)
    ):
        failures.append(Failure("turnover", {"limit": turnover_limit}))
    if facts.sector:
        if facts.sector in programme.excluded_sectors:
            failures.append(Failure("sector_excluded", {"sector": facts.sector}))
        elif programme.sectors and facts.sector not in programme.sectors:
            failures.append(Failure("sector_only", {"sectors": programme.sectors}))
    if facts.legal_form and facts.legal_form in programme.excluded_legal_forms:
        failures.append(Failure("legal_form", {"legal_form": facts.legal_form}))
    return failures
