"""The parts of one answer, each timed on its own: NLU parse and the action server over HTTP,
embedding, FAISS, FTS and fusion in-process on a copy of the knowledge base."""

import time
import urllib.parse
from typing import Any

import aiohttp

from bench.conversations import FAQ_QUESTION, NLU_MESSAGES
from bench.stats import summarize_ms, time_interleaved
from knowledge.embeddings import QueryCachingEmbedder
from knowledge.search import CANDIDATES, KnowledgeSearch, reciprocal_rank_fusion
from knowledge.text import fts_query
from stack.services import rasa_api_url

RASA_VERSION = "3.6.21"


async def _timed_posts(url: str, bodies: list[dict[str, Any]], warmup: int = 3) -> dict:
    """POST each body in turn over one session; latency summary and failures."""
    samples, failures, example = [], 0, ""
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
        for number, body in enumerate([*bodies[:warmup], *bodies]):
            start = time.perf_counter()
            async with session.post(url, json=body) as response:
                content = await response.read()
                elapsed = time.perf_counter() - start
                example = example or content.decode(errors="replace")[:300]
                if number >= warmup:
                    samples.append(elapsed)
                    failures += response.status != 200
    return {**summarize_ms(samples), "failures": failures, "example": example}


async def nlu_parse(rasa_port: int, token: str, repetitions: int) -> dict:
    """Rasa's POST /model/parse (the whole NLU pipeline) over the conversations' messages."""
    bodies = [{"text": NLU_MESSAGES[i % len(NLU_MESSAGES)]} for i in range(repetitions)]
    return await _timed_posts(rasa_api_url(rasa_port, "/model/parse", token), bodies)


def answer_question_call(sender_id: str, question: str = FAQ_QUESTION) -> dict[str, Any]:
    """A minimal action-server request, as Rasa 3.6 sends it, for action_answer_question."""
    latest = {
        "text": question,
        "intent": {"name": "ask_question", "confidence": 0.99},
        "entities": [],
        "metadata": {"channel": "bench"},
    }
    return {
        "next_action": "action_answer_question",
        "sender_id": sender_id,
        "version": RASA_VERSION,
        "domain": {"version": "3.1", "slots": {}, "responses": {}, "actions": []},
        "tracker": {
            "sender_id": sender_id,
            "slots": {"language": "de", "fallback_count": 0},
            "latest_message": latest,
            "events": [{"event": "user", "text": question, "parse_data": latest}],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        },
    }


async def action_server(
    action_port: int, questions: list[str], repetitions: int, token: str = ""
) -> dict:
    """The action server's time for action_answer_question (POST /webhook, HTTP included),
    each labelled question once: new questions, so their vectors are not in its cache yet.
    `token` is the stack's ACTION_SERVER_TOKEN, which the action server requires."""
    bodies = [
        answer_question_call(f"bench-action-{i}", question)
        for i, question in enumerate(questions[:repetitions])
    ]
    query = f"?{urllib.parse.urlencode({'token': token})}" if token else ""
    return await _timed_posts(f"http://127.0.0.1:{action_port}/webhook{query}", bodies, warmup=0)


def in_process(search: KnowledgeSearch, queries: list[str], repetitions: int) -> dict[str, Any]:
    """Embedding one query, FAISS search, FTS search, fusion and the whole hybrid search: for a
    new question (query-vector cache emptied first) and for a repeated one (cache hit)."""
    embedder = search.embedder
    if not isinstance(embedder, QueryCachingEmbedder):
        raise TypeError("the bench expects the search's embedder to cache query vectors")

    def query(i: int) -> str:
        return queries[i % len(queries)]

    def new_question(i: int) -> object:
        embedder.clear()
        return search.search(query(i), limit=3)

    vectors = [embedder.model.embed_query(q) for q in queries]
    semantic = [search.index.search(v, CANDIDATES) for v in vectors]
    lexical = [search.lexical_ranking(q) for q in queries]
    n = len(queries)

    def fts(i: int) -> object:
        match = fts_query(query(i))
        return search.snapshot.lexical_search(match, CANDIDATES) if match else []

    timings = time_interleaved(
        {
            "embed_query": lambda i: embedder.model.embed_query(query(i)),
            "faiss_search": lambda i: search.index.search(vectors[i % n], CANDIDATES),
            "fts_search": fts,
            "fusion": lambda i: reciprocal_rank_fusion([semantic[i % n], lexical[i % n]]),
            "hybrid_search": new_question,
            "hybrid_search_repeated": lambda i: search.search(query(i), limit=3),
        },
        repetitions,
    )
    result = {name: summarize_ms(samples) for name, samples in timings.items()}
    result["index_type"] = type(search.index.index).__name__
    result["entries"] = len(search.index.ids)
    return result


async def single_turns(rasa_port: int, web_port: int, repetitions: int) -> dict[str, Any]:
    """The same FAQ turn, each in a fresh conversation, through /api/chat and straight to
    Rasa's REST channel, alternating: the difference is the web API's share."""
    api_url = f"http://127.0.0.1:{web_port}/api/chat"
    rest_url = f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook"
    samples: dict[str, list[float]] = {"api_chat_faq": [], "rasa_rest_faq": []}
    failures = dict.fromkeys(samples, 0)
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
        for number in range(repetitions + 2):
            sender = f"bench-single-{number}-{time.monotonic_ns()}"
            calls = {
                "api_chat_faq": (api_url, {"message": FAQ_QUESTION}),  # a new conversation
                "rasa_rest_faq": (rest_url, {"sender": sender + "-r", "message": FAQ_QUESTION}),
            }
            for name, (url, body) in calls.items():
                start = time.perf_counter()
                async with session.post(url, json=body) as response:
                    await response.read()
                    if number >= 2:
                        samples[name].append(time.perf_counter() - start)
                        failures[name] += response.status != 200
    return {name: {**summarize_ms(s), "failures": failures[name]} for name, s in samples.items()}
