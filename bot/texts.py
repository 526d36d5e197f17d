"""Fixed texts the channel adapters show themselves (not from Rasa), in German and English."""

TEXTS: dict[str, dict[str, str]] = {
    "unavailable": {
        "de": "Förderlotse ist gerade vorübergehend nicht erreichbar. "
        "Bitte versuchen Sie es in einer Minute noch einmal.",
        "en": "Förderlotse is temporarily unavailable. Please try again in a minute.",
    },
    "no_answer": {
        "de": "Entschuldigung, darauf habe ich gerade keine Antwort. Bitte versuchen Sie es noch "
        "einmal oder formulieren Sie die Frage anders.",
        "en": "Sorry, I have no answer to that right now. Please try again or rephrase.",
    },
    "rate_limited": {
        "de": "Sie schreiben gerade sehr schnell. Bitte warten Sie einen Moment und versuchen Sie "
        "es dann noch einmal.",
        "en": "You are sending messages very quickly. Please wait a moment and try again.",
    },
    "deleted": {
        "de": "Ihr Gespräch und Ihre gespeicherten Angaben wurden gelöscht.",
        "en": "Your conversation and stored details have been deleted.",
    },
    "invalid_json": {
        "de": "Die Anfrage muss ein JSON-Objekt sein.",
        "en": "The request must be a JSON object.",
    },
    "request_timeout": {
        "de": "Die Anfrage kam zu langsam an. Bitte versuchen Sie es noch einmal.",
        "en": "The request arrived too slowly. Please try again.",
    },
    "missing_field": {
        "de": "Das Feld „{field}“ fehlt oder ist leer.",
        "en": "The field '{field}' is missing or empty.",
    },
    "too_long": {
        "de": "Die Nachricht ist zu lang (höchstens {limit} Zeichen).",
        "en": "The message is too long (at most {limit} characters).",
    },
    "sender_too_long": {
        "de": "Die sender_id ist zu lang (höchstens {limit} Zeichen).",
        "en": "The sender_id is too long (at most {limit} characters).",
    },
    "bad_language": {
        "de": "Die Sprache muss „de“ oder „en“ sein.",
        "en": "The language must be 'de' or 'en'.",
    },
    "invalid_text": {
        "de": "Das Feld „{field}“ enthält Zeichen, die kein gültiger Text sind.",
        "en": "The field '{field}' contains characters that are not valid text.",
    },
    "unsupported_media_type": {
        "de": "Bitte senden Sie die Anfrage als JSON (Content-Type: application/json, UTF-8).",
        "en": "Please send the request as JSON (Content-Type: application/json, UTF-8).",
    },
    "body_too_large": {
        "de": "Die Anfrage ist zu groß.",
        "en": "The request is too large.",
    },
    "forbidden_origin": {
        "de": "Anfragen von dieser Website sind nicht erlaubt.",
        "en": "Requests from this website are not allowed.",
    },
    "unknown_sender": {
        "de": "Diese sender_id wurde nicht von Förderlotse vergeben. Lassen Sie sie weg, um ein "
        "neues Gespräch zu beginnen.",
        "en": "This sender_id was not issued by Förderlotse. Leave it out to start a new "
        "conversation.",
    },
    "sender_erased": {
        "de": "Dieses Gespräch wurde gelöscht. Lassen Sie die sender_id weg, um ein neues zu "
        "beginnen.",
        "en": "This conversation was deleted. Leave out the sender_id to start a new one.",
    },
    "not_found": {
        "de": "Diese Adresse gibt es nicht.",
        "en": "There is nothing at this address.",
    },
    "method_not_allowed": {
        "de": "Diese Methode ist hier nicht erlaubt.",
        "en": "This method is not allowed here.",
    },
    "internal": {
        "de": "Entschuldigung, da ist etwas schiefgegangen. Bitte versuchen Sie es noch einmal.",
        "en": "Sorry, something went wrong. Please try again.",
    },
    "invalid_update": {
        "de": "Das ist kein gültiges Telegram-Update.",
        "en": "This is not a valid Telegram update.",
    },
    "forbidden": {
        "de": "Zugriff verweigert.",
        "en": "Access denied.",
    },
}


def text(key: str, language: str, **values: object) -> str:
    """The text `key` in `language` (German if unknown), filled with `values`."""
    variants = TEXTS[key]
    return variants.get(language, variants["de"]).format(**values)


def language_from_header(accept_language: str | None) -> str:
    """Pick "en" when the client's first choice is English, otherwise German."""
    if accept_language and accept_language.strip().lower().startswith("en"):
        return "en"
    return "de"
