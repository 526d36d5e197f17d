"""Small helpers shared by every component (logging only; no business logic)."""
