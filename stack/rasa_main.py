"""Runs the `rasa` command line (in .venv-rasa) with JSON Schema checks cached.

Rasa validates every action server response with `jsonschema.validate`, which first checks the
schema itself against the JSON Schema meta-schema, on every call. Profiled under `make bench`,
that meta-check was about 70 % of Rasa's CPU per answer. Here each distinct schema is checked
once; every response is still validated in full, with the same errors.

It also installs `stack.rasa_guard` (tracker-store errors fail the turn with 503 instead of a
silent in-memory fallback, a per-sender growth cap, no user text in Rasa's logs) and hands
`RASA_AUTH_TOKEN` to `rasa run` as `--auth-token` inside the process, so the token
does not show in the process list. In the cluster, action calls fail over to the other action
servers (`stack.action_failover`).

    .venv-rasa/bin/python -m stack.rasa_main run --enable-api …
"""

import json
import os
import sys
from typing import Any

import jsonschema
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for

from stack import action_failover, rasa_guard

_checked_schemas: set[str] = set()


def validate(instance: Any, schema: dict, cls: Any = None, *args: Any, **kwargs: Any) -> None:
    """`jsonschema.validate`, checking each distinct schema against its meta-schema once."""
    if cls is None:
        cls = validator_for(schema)
    key = f"{cls.__name__}:{json.dumps(schema, sort_keys=True, default=str)}"
    if key not in _checked_schemas:
        cls.check_schema(schema)
        _checked_schemas.add(key)
    error = best_match(cls(schema, *args, **kwargs).iter_errors(instance))
    if error is not None:
        raise error


def install() -> None:
    """Make Rasa use `validate` (it imports `jsonschema.validate` at each call)."""
    jsonschema.validate = validate


def with_auth_token(argv: list[str], token: str | None) -> list[str]:
    """`rasa run …` arguments with `--auth-token=…` added when a token is set.

    One `--auth-token=…` argument, not two: a random token may begin with "-", which
    argparse would read as an option."""
    if token and argv[1:2] == ["run"]:
        return [*argv, f"--auth-token={token}"]
    return argv


def main() -> int:
    install()
    rasa_guard.install()
    action_failover.install()
    sys.argv = with_auth_token(sys.argv, os.environ.get("RASA_AUTH_TOKEN"))
    from rasa.__main__ import main as rasa_main

    rasa_main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
