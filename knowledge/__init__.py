"""Förderlotse's knowledge base: content, SQLite store, staff tools and hybrid search.

Knows nothing of Rasa; the action server and the staff console use it as a library.
"""
