"""Hypothesis properties of the web API's parsers: any input is accepted or refused with a 4xx
ApiError, never another exception; only ids the server signed verify."""

import json
from typing import Any

from aiohttp.test_utils import make_mocked_request
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.api_errors import ApiError, language_from_header, parse_json_bytes
from bot.security import origin_allowed
from bot.sender_ids import SenderIds
from bot.telegram import parse_update
from bot.web import ChatRequest, parse_chat_request, parse_delete_request

KEY = b"k" * 32
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
chat_bodies = st.fixed_dictionaries(
    {},
    optional={
        "sender_id": json_values | st.text(max_size=200),
        "message": json_values | st.text(max_size=2100),
        "language": json_values | st.sampled_from(["de", "en", "fr"]),
    },
)


@given(json_values | chat_bodies)
def test_chat_parser_accepts_or_refuses_with_a_4xx(body: Any) -> None:
    try:
        parsed = parse_chat_request(body, max_message_chars=2000)
    except ApiError as error:
        assert error.status in (400, 413)
        return
    assert isinstance(parsed, ChatRequest)
    assert parsed.message.strip() and len(parsed.message) <= 2000
    parsed.message.encode("utf-8")
    assert parsed.language in (None, "de", "en")
    assert parsed.sender_id is None or 0 < len(parsed.sender_id) <= 128


@given(json_values | chat_bodies)
def test_delete_parser_accepts_or_refuses_with_a_400(body: Any) -> None:
    try:
        sender_id = parse_delete_request(body)
    except ApiError as error:
        assert error.status == 400
        return
    assert isinstance(sender_id, str) and 0 < len(sender_id) <= 128


@given(st.binary(max_size=300) | json_values.map(lambda v: json.dumps(v).encode()))
def test_json_bytes_are_parsed_or_refused_with_a_400(raw: bytes) -> None:
    try:
        parse_json_bytes(raw)
    except ApiError as error:
        assert (error.status, error.key) == (400, "invalid_json")


@given(st.integers(min_value=1, max_value=5000))
def test_deep_nesting_is_a_400_not_a_crash(depth: int) -> None:
    try:
        parse_json_bytes(b"[" * depth + b"]" * depth)
    except ApiError as error:
        assert error.status == 400


@settings(max_examples=200)
@given(st.text(max_size=80) | st.from_regex(r"web-[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{32}"))
def test_only_issued_sender_ids_verify(candidate: str) -> None:
    assert not SenderIds(KEY).verify(candidate)


@given(st.integers(min_value=0, max_value=62), st.characters(codec="ascii"))
def test_an_issued_id_verifies_and_any_change_breaks_it(position: int, replacement: str) -> None:
    ids = SenderIds(KEY)
    issued = ids.issue("web")
    assert ids.verify(issued)
    assert not ids.verify(issued, "telegram")
    assert not SenderIds(b"o" * 32).verify(issued)
    position %= len(issued)
    changed = issued[:position] + replacement + issued[position + 1 :]
    assert ids.verify(changed) == (changed == issued)


@given(st.integers())
def test_telegram_sender_ids_never_verify(chat_id: int) -> None:
    assert not SenderIds(KEY).verify(f"telegram-{chat_id}")


@given(json_values)
def test_any_webhook_body_is_an_update_or_none(data: Any) -> None:
    parse_update(data, None)


@given(st.dictionaries(st.text(max_size=10), json_values, max_size=5), st.integers())
def test_updates_with_unexpected_field_types_are_none_not_errors(
    fields: dict[str, Any], update_id: int
) -> None:
    parse_update({"update_id": update_id, "message": fields}, None)


@given(st.text(max_size=100))
def test_any_accept_language_picks_german_or_english(header: str) -> None:
    assert language_from_header(header) in ("de", "en")


@given(st.text(alphabet=st.characters(codec="latin-1", exclude_characters="\r\n"), max_size=80))
def test_any_origin_header_is_judged_without_error(origin: str) -> None:
    request = make_mocked_request(
        "POST", "/api/chat", headers={"Origin": origin, "Host": "foerderlotse.example.org"}
    )
    allowed = origin_allowed(request, ("https://handwerk-beispiel.de",))
    stripped = origin.strip().rstrip("/")
    if allowed:
        assert stripped == "https://handwerk-beispiel.de" or "foerderlotse.example.org" in (
            stripped.lower()
        )
