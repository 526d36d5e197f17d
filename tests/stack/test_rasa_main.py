"""The Rasa launcher's cached JSON Schema check, run in Rasa's own environment."""

import subprocess

from stack.settings import PROJECT_ROOT, StackSettings

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
print("ok")
"""


def test_validates_every_instance_but_checks_each_schema_once() -> None:
    python = StackSettings().rasa_python
    result = subprocess.run(
        [str(python), "-c", CHECK], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
