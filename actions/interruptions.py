"""The one list of intents that interrupt a form, and what each form does with them.

The form's slot extraction never takes such a message as the answer to its question
(`INTERRUPTIONS`), and the dialogue rules in data/rules_interruptions.yml are generated from
the same tables (`python -m actions.interruption_rules --write`).
"""

FORMS = ("funding_form", "contact_form")

# A step of a rule after the user's intent: ("action", name) or ("active_loop", name or None).
Step = tuple[str, str | None]

# Answered in the middle of either form by this action; then the form asks again.
ANSWERED_IN_FORM: dict[str, str] = {
    "ask_programme": "action_programme_details",
    "ask_question": "action_answer_question",
    "find_centre": "action_find_centre",
    "find_case": "action_find_cases",
    "help": "utter_help",
    "bot_challenge": "utter_bot_challenge",
    "out_of_scope": "utter_out_of_scope",
    "switch_language": "utter_language_switched",
    "thank": "utter_thank",
    "greet": "utter_greet",
}

# Intents that end a form, each form in its own way: the rule's name and its steps.
ENDING_FORM: dict[str, dict[str, tuple[str, tuple[Step, ...]]]] = {
    "funding_form": {
        "goodbye": (
            "Leave funding_form when the user says goodbye",
            (
                ("action", "utter_goodbye"),
                ("action", "action_deactivate_loop"),
                ("active_loop", None),
            ),
        ),
        "restart": ("Restart during funding_form", (("action", "action_restart"),)),
        "deny": (
            "Saying no stops the funding finder",
            (("action", "utter_ok"), ("action", "action_deactivate_loop"), ("active_loop", None)),
        ),
    },
    "contact_form": {
        "goodbye": (
            "Leave contact_form when the user says goodbye",
            (
                ("action", "action_deactivate_loop"),
                ("active_loop", None),
                ("action", "action_submit_contact"),
                ("action", "utter_goodbye"),
            ),
        ),
        "restart": ("Restart during contact_form", (("action", "action_restart"),)),
        "deny": (
            "Saying no ends the contact form without storing anything",
            (
                ("action", "action_deactivate_loop"),
                ("active_loop", None),
                ("action", "action_submit_contact"),
            ),
        ),
    },
}

# Handled by rules of their own in data/rules_advisor.yml, in a form as outside one.
LEAVING_FORM = frozenset(
    {"request_human", "more_results", "feedback_positive", "feedback_negative"}
)

# Intents that are not answers to a form question: the form steps aside for them.
INTERRUPTIONS = frozenset(
    {*ANSWERED_IN_FORM, *LEAVING_FORM, *(i for endings in ENDING_FORM.values() for i in endings)}
)
