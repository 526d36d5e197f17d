"""Förderlotse benchmark: how fast the bot answers, and where the time goes (`python -m bench`).

Modules, one job each:
- `stats`: percentiles, throughput and repeated timing (pure functions, unit-tested).
- `machine`: what the run was measured on.
- `stack_run`: the benchmark's own stack on free ports, cold start and peak memory.
- `conversations` and `load`: realistic multi-turn conversations through `/api/chat`.
- `parts`: the parts of one answer (NLU parse, action server, embedding, FAISS, FTS, fusion).
- `retrieval`: hybrid versus semantic-only search, and the ResponseSelector question.
- `indexing`: index build time for the real content and for synthetic bases.
- `training`: model size, and `rasa train` time with `--train`.
- `goals`: the issue's goals, PASS/MISS, and what dominates a miss.
- `report`: the printed table and `bench/results.json`.
"""
