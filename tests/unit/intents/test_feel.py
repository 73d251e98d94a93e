"""How a set felt, kept as a note: on a log said with it, or on its own (note_last)."""

from __future__ import annotations

import pytest

from intents import Parser
from tests.unit.intents.conftest import only, subset


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("felt heavy", "heavy"),
        ("that felt heavy", "heavy"),
        ("it felt really heavy today", "really heavy"),
        ("that was easy", "easy"),
        ("that one was way too easy", "way too easy"),
        ("easy", "easy"),
        ("too easy", "too easy"),
        ("grinder", "grinder"),
        ("what a grinder", "grinder"),
        ("that was a grinder", "grinder"),
        ("total grind", "grind"),
        ("smooth", "smooth"),
        ("those felt smooth", "smooth"),
        ("brutal", "brutal"),
        ("the last set was brutal", "brutal"),
        ("pretty tough", "pretty tough"),
        ("felt good", "good"),
        ("felt solid", "solid"),
        ("it felt off", "off"),
        ("felt like death", "death"),
        ("crushed it", "crushed it"),
        ("barely got it", "barely got it"),
        ("form broke down", "form broke down"),
        ("deadlift felt heavy", "heavy"),
    ],
)
def test_a_feeling_on_its_own(parser: Parser, text: str, note: str) -> None:
    subset(only(parser, text), intent="note_last", note=note, rpe=None)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("felt heavy, RPE 9", {"note": "heavy", "rpe": 9}),
        ("that was brutal, 1 in the tank", {"note": "brutal", "rir": 1}),
        ("smooth, rpe 7", {"note": "smooth", "rpe": 7}),
    ],
)
def test_a_feeling_with_an_effort(parser: Parser, text: str, want: dict[str, object]) -> None:
    subset(only(parser, text), intent="note_last", **want)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("bench 135 for 8, felt heavy", {"exercise": "barbell-bench-press", "weight": 135, "reps": 8, "note": "heavy"}),
        ("bench 135 for 8 felt heavy", {"weight": 135, "reps": 8, "note": "heavy"}),
        ("squat 225 for 5, that was easy", {"exercise": "barbell-back-squat", "note": "easy"}),
        ("deadlift 405 for a single, grinder", {"exercise": "deadlift", "reps": 1, "note": "grinder"}),
        ("squat 315 for 3 and it felt smooth", {"reps": 3, "note": "smooth"}),
        ("bench 185 for 5 that was a grinder", {"weight": 185, "note": "grinder"}),
        ("bench 135 for 8, felt heavy, RPE 9", {"weight": 135, "rpe": 9, "note": "heavy"}),
        ("3 sets of 10 curls at 30, pretty easy", {"sets": 3, "reps": 10, "note": "pretty easy"}),
        ("Bench 135 for 8. Felt heavy.", {"weight": 135, "reps": 8, "note": "heavy"}),
    ],
)
def test_a_feeling_after_a_log_goes_on_it(parser: Parser, text: str, want: dict[str, object]) -> None:
    subset(only(parser, text), intent="log_sets", **want)


def test_every_set_of_a_rep_list_gets_the_note(parser: Parser) -> None:
    cmds = parser.parse("squat 225 for 5, 5, 4, felt heavy").to_json_dict()["commands"]
    assert [(c["reps"], c["note"]) for c in cmds] == [(5, "heavy"), (5, "heavy"), (4, "heavy")]


def test_a_feeling_with_another_command_is_noted_too(parser: Parser) -> None:
    cmds = parser.parse("rest 2 minutes, that was brutal").to_json_dict()["commands"]
    assert [c["intent"] for c in cmds] == ["note_last", "start_rest"]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("felt like an 8", {"intent": "correct_last"}),  # a number is an RPE, not a note
        ("3 light sets of 10 on bench at 95", {"intent": "log_sets", "sets": 3, "note": None}),
        ("how heavy did I squat last week", {"intent": "query_last", "period": "last_week"}),
        ("good", {"intent": "unknown"}),  # an answer to anything, not a note
        ("bench 135 for 8", {"intent": "log_sets", "note": None}),
    ],
)
def test_feeling_words_elsewhere_are_not_notes(parser: Parser, text: str, want: dict[str, object]) -> None:
    subset(only(parser, text), **want)
