"""The fixed codes entries use for states, sectors and topics, with German and English labels."""

STATES: dict[str, tuple[str, str]] = {
    "BW": ("Baden-Württemberg", "Baden-Württemberg"),
    "BY": ("Bayern", "Bavaria"),
    "BE": ("Berlin", "Berlin"),
    "BB": ("Brandenburg", "Brandenburg"),
    "HB": ("Bremen", "Bremen"),
    "HH": ("Hamburg", "Hamburg"),
    "HE": ("Hessen", "Hesse"),
    "MV": ("Mecklenburg-Vorpommern", "Mecklenburg-Western Pomerania"),
    "NI": ("Niedersachsen", "Lower Saxony"),
    "NW": ("Nordrhein-Westfalen", "North Rhine-Westphalia"),
    "RP": ("Rheinland-Pfalz", "Rhineland-Palatinate"),
    "SL": ("Saarland", "Saarland"),
    "SN": ("Sachsen", "Saxony"),
    "ST": ("Sachsen-Anhalt", "Saxony-Anhalt"),
    "SH": ("Schleswig-Holstein", "Schleswig-Holstein"),
    "TH": ("Thüringen", "Thuringia"),
}

SECTORS: dict[str, tuple[str, str]] = {
    "crafts": ("Handwerk", "crafts"),
    "health": ("Gesundheit (Praxen, Apotheken)", "health practices and pharmacies"),
    "care": ("Pflege", "care services"),
    "logistics": ("Logistik", "logistics"),
    "agriculture": ("Landwirtschaft", "agriculture"),
    "retail": ("Handel", "retail"),
    "manufacturing": ("Industrie und Produktion", "manufacturing"),
    "construction": ("Bau", "construction"),
    "services": ("Dienstleistungen", "services"),
    "tourism": ("Tourismus und Gastgewerbe", "tourism and hospitality"),
    "it": ("IT-Wirtschaft", "IT industry"),
}

TOPICS: dict[str, tuple[str, str]] = {
    "strategy": ("Digitalisierungsstrategie", "digital strategy"),
    "it_security": ("IT-Sicherheit", "IT security"),
    "software": ("Software", "software"),
    "processes": ("digitale Prozesse", "digital processes"),
    "ecommerce": ("E-Commerce und Onlineshop", "e-commerce and online shop"),
    "marketing": ("Online-Marketing", "online marketing"),
    "ai": ("Künstliche Intelligenz (KI)", "artificial intelligence (AI)"),
    "data": ("Daten und Datenschutz", "data and data protection"),
    "iot": ("Sensorik, IoT und Industrie 4.0", "sensors, IoT and Industry 4.0"),
    "training": ("Weiterbildung und Qualifizierung", "training and skills"),
    "research": ("Forschung und Entwicklung", "research and development"),
    "consulting": ("Beratung", "consulting"),
    "hardware": ("Hardware und Ausstattung", "hardware and equipment"),
    "hr": ("Personal und Arbeitsorganisation", "people and work organisation"),
}

LANGUAGES = ("de", "en")


def label(codes: dict[str, tuple[str, str]], code: str, language: str) -> str:
    """The label of `code` in `language` ("de" or "en"); the code itself if unknown."""
    labels = codes.get(code)
    if labels is None:
        return code
    return labels[1] if language == "en" else labels[0]
