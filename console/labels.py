"""German names of kinds, statuses and audit actions for the pages."""

from knowledge.models import Kind

KIND_LABELS: dict[Kind, str] = {
    "programme": "Förderprogramm",
    "centre": "Mittelstand-Digital Zentrum",
    "case": "Praxisbeispiel",
    "faq": "Häufige Frage",
}
STATUS_LABELS = {
    "upcoming": "noch nicht begonnen",
    "open": "offen",
    "ending_soon": "endet bald",
    "paused": "pausiert",
    "ended": "beendet",
}
ACTION_LABELS = {
    "create": "angelegt",
    "update": "geändert",
    "end": "als beendet markiert",
    "delete": "gelöscht",
    "restore": "wiederhergestellt",
    "erase": "Daten einer Person gelöscht",
    "retention": "Aufbewahrungsfrist angewendet",
}
