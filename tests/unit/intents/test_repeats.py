"""Repeats of the last set with how many more: a reference to the set before and a count."""

from __future__ import annotations

import pytest

from intents import Parser
from tests.unit.intents.conftest import only, subset


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("same again", 1),
        ("same thing", 1),
        ("same again please", 1),
        ("again", 1),
        ("ditto", 1),
        ("once more", 1),
        ("one more time", 1),
        ("one more like that", 1),
        ("1 more like that", 1),
        ("another one", 1),
        ("another one like that", 1),
        ("another set of the same", 1),
        ("did another one", 1),
        ("and another one", 1),
        ("give me one more like that", 1),
        ("repeat", 1),
        ("repeat that", 1),
        ("redo that", 1),
        ("log that again", 1),
        ("let's go again", 1),
        ("run it back", 1),
        ("repeat that twice", 2),
        ("repeat it two times", 2),
        ("same again twice", 2),
        ("same thing twice", 2),
        ("again twice", 2),
        ("twice more", 2),
        ("do it twice", 2),
        ("two more of those", 2),
        ("2 more like that", 2),
        ("another two like that", 2),
        ("a couple more of those", 2),
        ("same again for 2 more sets", 2),
        ("do the same 2 more times", 2),
        ("I'll do 2 more of those", 2),
        ("do that again three times", 3),
        ("repeat the last set 3 times", 3),
        ("repeat it x3", 3),
        ("same again 3 times", 3),
        ("three more sets like that", 3),
        ("same as before, 4 more times", 4),
        ("four more of those", 4),
    ],
)
def test_repeat_with_count(parser: Parser, text: str, count: int) -> None:
    subset(only(parser, text), intent="repeat_last", count=count)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("one more at 245 for 3", {"intent": "log_sets", "weight": 245, "reps": 3}),
        ("another set of 8", {"intent": "log_sets", "reps": 8}),
        ("2 more sets of 5", {"intent": "log_sets", "sets": 2, "reps": 5}),
        ("same weight for 6", {"intent": "log_sets", "reps": 6}),
        ("did 5", {"intent": "log_sets", "reps": 5}),
    ],
)
def test_a_repeat_that_says_new_numbers_is_a_log(parser: Parser, text: str, want: dict[str, object]) -> None:
    subset(only(parser, text), **want)
