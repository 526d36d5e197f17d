"""Starts and stops Förderlotse's services together: Rasa, the action server and the web API."""
