"""The anchor assistant of `make bench`: `rasa init`'s moodbot with one custom action.

Copied from Rasa Open Source 3.6.21, `rasa/cli/initial_project/` (Apache License 2.0,
Copyright Rasa Technologies GmbH). Changed, each marked in its file: `config.yml` spells out the
default pipeline and policies Rasa would fill in and names the assistant (so training does not
rewrite the file); the
custom action `action_hello_world` (the example of the project's `actions/actions.py`, in
`actions.py`) runs after each greeting (`domain.yml`, `data/stories.yml`); `endpoints.yml`
names the action server; `credentials.yml` keeps only the REST channel. `data/nlu.yml` and
`data/rules.yml` are unchanged.
"""
