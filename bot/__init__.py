"""Channel adapters: they translate between a channel (web, Telegram) and Rasa's REST API."""
