"""The edges of events and sync: the auth message of an event socket, and the sync token."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest

from channels.http.event_start import BadStart, read_start
from channels.http.schemas.sync import decode_token, encode_token
from domain.changes import START, Cursor


def test_an_auth_message_is_read() -> None:
    text = json.dumps({"type": "auth", "token": "t", "last_event_id": "5-1", "types": ["set.*"]})
    start = read_start(text, filters=True)
    assert (start.token, start.last_event_id, start.types) == ("t", "5-1", ("set.*",))
    assert read_start('{"type": "auth", "api_key": "k"}', filters=False).api_key == "k"


@pytest.mark.parametrize(
    ("text", "filters", "says"),
    [
        ("hello", True, "JSON"),
        ('["auth"]', True, "first"),
        ('{"type": "auth"}', True, "required"),
        ('{"type": "auth", "token": 5}', True, "required"),
        ('{"type": "auth", "token": "t", "extra": 1}', True, "extra"),
        ('{"type": "auth", "token": "t", "types": ["set.logged"]}', False, "types"),
        ('{"type": "auth", "token": "t", "types": []}', True, "list"),
        ('{"type": "auth", "token": "t", "types": ["lifted.*"]}', True, "lifted"),
        ('{"type": "auth", "token": "t", "last_event_id": 5}', True, "last_event_id"),
    ],
)
def test_a_bad_auth_message_says_what_is_wrong(text: str, filters: bool, says: str) -> None:
    with pytest.raises(BadStart, match=says):
        read_start(text, filters=filters)


def test_a_token_names_the_position_it_was_made_for() -> None:
    cursor = Cursor(datetime(2025, 3, 1, 18, 2, 11, 120001, tzinfo=UTC), 2, uuid.uuid4())
    assert decode_token(encode_token(cursor)) == cursor
    assert decode_token(encode_token(START)) == START


@pytest.mark.parametrize(
    "token",
    ["", "x", "2.1.1." + "0" * 32, "1.1.5." + "0" * 32, "1." + "9" * 17 + ".1." + "0" * 32, "1.1.1." + "0" * 31],
)
def test_anything_else_is_not_a_token(token: str) -> None:
    assert decode_token(token) is None
