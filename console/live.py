"""Whether a change is live: every save writes a new knowledge-base file in one atomic step
(entries, full-text index and vectors together), and the action server answers from the newest
file on its next question. The status names the version the chat now answers from."""

from dataclasses import dataclass

from knowledge.settings import KnowledgeSettings
from knowledge.store import KnowledgeStore


@dataclass(frozen=True)
class LiveStatus:
    state: str  # live or missing
    content_hash: str | None
    written_at: str | None

    @property
    def message(self) -> str:
        if self.state == "missing":
            return "Keine Wissensdatenbank gefunden (make kb)."
        short = (self.content_hash or "")[:12]
        when = (self.written_at or "")[:16].replace("T", " ")
        return f"Live: Der Chat antwortet mit dem aktuellen Stand ({short}, Stand {when} UTC)."

    def to_json(self) -> dict[str, object]:
        return {
            "state": self.state,
            "live": self.state == "live",
            "content_hash": self.content_hash,
            "written_at": self.written_at,
            "message": self.message,
        }


def live_status(settings: KnowledgeSettings) -> LiveStatus:
    """The version of the base the chat answers from (blocking: reads the database)."""
    store = KnowledgeStore(settings.db_path)
    try:
        return LiveStatus("live", store.meta("content_hash"), store.meta("written_at"))
    except FileNotFoundError:
        return LiveStatus("missing", None, None)
