"""A knowledge change goes live in the running action server without a restart or a failed
request, while users keep chatting."""

import threading
import time
import uuid

from knowledge.base import KnowledgeBase
from knowledge.embeddings import QueryCachingEmbedder
from knowledge.models import Faq
from tests.conftest import RunningStack, shipped_content_in

QUESTION = "Wer zählt eigentlich als KMU?"
MARKER = "Testhinweis: aktualisiert."


def test_change_goes_live_under_traffic(
    running_stack: RunningStack, embedder: QueryCachingEmbedder
) -> None:
    data_dir = running_stack.stack.settings.data_dir
    base = KnowledgeBase(shipped_content_in(data_dir), embedder)
    original = base.store.get("faq-kmu-definition")
    assert isinstance(original, Faq)
    statuses: list[int] = []
    stop = threading.Event()

    def traffic() -> None:
        while not stop.is_set():
            status, _ = running_stack.chat(f"load-{uuid.uuid4().hex[:8]}", QUESTION)
            statuses.append(status)

    workers = [threading.Thread(target=traffic) for _ in range(2)]
    for worker in workers:
        worker.start()
    try:
        time.sleep(2)
        changed = original.model_copy(update={"answer_de": f"{original.answer_de} {MARKER}"})
        base.edit([changed], [], user="test", action="update")
        deadline = time.monotonic() + 60
        while MARKER not in running_stack.texts(f"probe-{uuid.uuid4().hex[:8]}", QUESTION):
            assert time.monotonic() < deadline, "the change did not go live within 60 s"
            time.sleep(0.5)
    finally:
        stop.set()
        for worker in workers:
            worker.join()
        base.edit([original], [], user="test", action="update")
    assert len(statuses) >= 4
    assert set(statuses) == {200}
