"""The Rasa launcher's cached JSON Schema check, run in Rasa's own environment."""

from tests.stack.rasa_python import run_in_rasa

CHECK = """
import jsonschema
from jsonschema.validators import Draft202012Validator
from stack import rasa_main

schema = {"type": "object", "properties": {"events": {"type": "array"}}, "required": ["events"]}
checks = []
original = Draft202012Validator.check_schema
Draft202012Validator.check_schema = classmethod(
    lambda cls, s: (checks.append(1), original.__func__(cls, s))[1]
)
rasa_main.validate({"events": []}, schema)
rasa_main.validate({"events": [], "responses": []}, {**schema})
assert len(checks) == 1, checks
for bad in ({}, {"events": "none"}):
    try:
        rasa_main.validate(bad, schema)
    except jsonschema.ValidationError:
        pass
    else:
        raise AssertionError(f"{bad} was accepted")
try:
    rasa_main.validate({}, {"type": 12})
except jsonschema.SchemaError:
    pass
else:
    raise AssertionError("a broken schema was accepted")
rasa_main.install()
assert jsonschema.validate is rasa_main.validate
from jsonschema import validate as looked_up  # as Rasa's action.py does at each call
assert looked_up is rasa_main.validate
assert rasa_main.with_auth_token(["rasa", "run", "--port", "1"], "t0k") == [
    "rasa", "run", "--port", "1", "--auth-token=t0k"
]
from rasa.cli.arguments.run import add_server_arguments  # a token may begin with "-"
import argparse
parser = argparse.ArgumentParser()
add_server_arguments(parser)
argv = rasa_main.with_auth_token(["rasa", "run"], "-x_Y")[2:]
assert parser.parse_args(argv).auth_token == "-x_Y"
assert rasa_main.with_auth_token(["rasa", "run"], "") == ["rasa", "run"]
assert rasa_main.with_auth_token(["rasa", "test"], "t0k") == ["rasa", "test"]
print("ok")
"""


def test_checks_each_schema_once_is_installed_and_passes_the_token() -> None:
    result = run_in_rasa(CHECK, timeout=120)
    assert result.stdout.strip() == "ok"
