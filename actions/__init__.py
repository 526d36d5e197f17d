"""Rasa custom actions: a thin layer between Rasa and the knowledge base in knowledge/."""
