"""Measuring Förderlotse's answers against question sets (not part of the running product)."""
