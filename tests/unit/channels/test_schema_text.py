"""The text rule the OpenAPI document states (a `pattern`) and the one the server applies agree on
every string: a client that follows the document is never refused for its text, and text the
document rules out is refused."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError

from channels.http.schemas import text

# Control characters, spaces of every kind and plain letters, mixed: the edges of the rule.
EDGE_CHARACTERS = ["a", "Ж", " ", "\t", "\n", "\r", "\x00", "\x1c", "\x7f", "\x85", "\xa0", "\u3000", "\u200b"]
EDGES = st.text(alphabet=st.sampled_from(EDGE_CHARACTERS) | st.characters(codec="utf-8"), max_size=8)


def server_takes(value: str, lines: bool, required: bool) -> bool:
    try:
        text.check(value, lines, required)
    except PydanticCustomError:
        return False
    return True


@settings(max_examples=400, deadline=None)
@given(value=EDGES, lines=st.booleans(), required=st.booleans())
def test_the_documented_pattern_is_the_rule_the_server_applies(value: str, lines: bool, required: bool) -> None:
    documented = re.fullmatch(text.pattern(lines, required), value) is not None
    assert documented == server_takes(value, lines, required)


@pytest.mark.parametrize(
    ("value", "lines", "required", "taken"),
    [
        ("Bench press", False, True, True),
        ("  ", False, True, False),
        ("\u3000", False, False, True),
        ("two\nlines", False, False, False),
        ("two\nlines", True, False, True),
        ("nul\x00", True, False, False),
        ("", False, True, False),
    ],
)
def test_examples_of_the_rule(value: str, lines: bool, required: bool, taken: bool) -> None:
    assert server_takes(value, lines, required) is taken
