"""Counts of sets with a kind said between the count and "sets", and corrections of reps."""

from __future__ import annotations

import pytest

from intents import Parser
from tests.unit.intents.conftest import only, subset


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("two warm up sets of bench with the bar", {"sets": 2, "set_type": "warmup", "weight": 45, "reps": None}),
        ("two warm up sets of ten on bench with the bar", {"sets": 2, "set_type": "warmup", "weight": 45, "reps": 10}),
        ("2 warmup sets of 10 on bench with the empty bar", {"sets": 2, "set_type": "warmup", "weight": 45}),
        ("bench two sets of warm ups with the bar", {"sets": 2, "set_type": "warmup", "weight": 45}),
        ("3 warm-up sets of 5 on bench at 95", {"sets": 3, "set_type": "warmup", "weight": 95, "reps": 5}),
        ("bench 3 working sets of 5 at 185", {"sets": 3, "set_type": "normal", "weight": 185, "reps": 5}),
        ("bench a top set of 3 at 225", {"sets": 1, "weight": 225, "reps": 3}),
        ("bench 2 back off sets of 8 at 155", {"sets": 2, "set_type": "normal", "weight": 155, "reps": 8}),
        ("bench 2 drop sets of 12 at 95", {"sets": 2, "set_type": "drop", "weight": 95, "reps": 12}),
        ("bench two heavy sets of 3 at 245", {"sets": 2, "weight": 245, "reps": 3}),
    ],
)
def test_a_kind_between_count_and_sets(parser: Parser, text: str, want: dict[str, object]) -> None:
    subset(only(parser, text), intent="log_sets", exercise="barbell-bench-press", **want)


def test_warmups_with_the_bar_in_kilos(parser: Parser) -> None:
    cmd = only(parser, "two warm up sets of 10 on squat with the bar", {"unit_pref": "kg"})
    subset(cmd, sets=2, set_type="warmup", weight=20, reps=10)


def test_typed_sets_then_working_sets(parser: Parser) -> None:
    cmds = parser.parse("bench 2 warm up sets of 10 with the bar then 3 sets of 5 at 185").commands
    assert [(c.sets, c.reps, c.weight, c.set_type) for c in cmds] == [  # type: ignore[union-attr]
        (2, 10, 45, "warmup"),
        (3, 5, 185, "normal"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "actually that was 10 reps",
        "actually it was ten reps",
        "no, that was 10 reps",
        "wait, 10 reps not 8",
        "correction, 10 reps",
        "sorry that was 10 reps",
        "that should have been 10 reps",
        "the last set was 10 reps",
        "oops, ten reps",
    ],
)
def test_a_correction_of_reps_gives_only_reps(parser: Parser, text: str) -> None:
    cmd = only(parser, text)
    assert cmd["intent"] == "correct_last"
    assert {k: v for k, v in cmd["changes"].items() if v is not None} == {"reps": 10}
