"""Planned sets checked off (complete_set) and the next lift named without a set (plan_exercise)."""

from __future__ import annotations

import pytest

from intents import Parser
from tests.unit.intents.conftest import only, subset


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("mark this set complete", 1),
        ("mark this set as complete", 1),
        ("mark the set done", 1),
        ("mark it as done", 1),
        ("mark that as finished", 1),
        ("check that off", 1),
        ("check it off", 1),
        ("tick that off", 1),
        ("check off this set", 1),
        ("done with that set", 1),
        ("done with the set", 1),
        ("I'm done with this set", 1),
        ("finished the set", 1),
        ("completed the planned set", 1),
        ("did that set as planned", 1),
        ("done as planned", 1),
        ("that set is done", 1),
        ("set complete", 1),
        ("this one's done", 1),
        ("complete the set", 1),
        ("mark both sets done", 2),
        ("mark 2 sets complete", 2),
        ("check off 3 sets", 3),
    ],
)
def test_complete_set(parser: Parser, text: str, count: int) -> None:
    subset(only(parser, text), intent="complete_set", count=count)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("done", "finish_workout"),
        ("done with bench", "next_exercise"),
        ("done with my workout", "finish_workout"),
        ("bench 135 for 8", "log_sets"),
    ],
)
def test_done_without_a_set_is_something_else(parser: Parser, text: str, intent: str) -> None:
    assert only(parser, text)["intent"] == intent


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("add bench press to my workout", "barbell-bench-press"),
        ("add deadlifts to the workout", "deadlift"),
        ("put squats in today's session", "barbell-back-squat"),
        ("add curls to my routine too", "dumbbell-curl"),
        ("put squats next", "barbell-back-squat"),
        ("squats next", "barbell-back-squat"),
        ("bench is up next", "barbell-bench-press"),
        ("let's do pull ups next", "pull-up"),
        ("I'm doing deadlifts next", "deadlift"),
        ("next up squats", "barbell-back-squat"),
        ("next is OHP", "overhead-press"),
        ("next I'm doing RDLs", "romanian-deadlift"),
        ("moving on to squats", "barbell-back-squat"),
        ("switching to deads", "deadlift"),
        ("on to bench", "barbell-bench-press"),
        ("time for curls", "dumbbell-curl"),
        ("starting leg press", "leg-press"),
        ("start with hip thrusts", "hip-thrust"),
        ("let's do lat pulldowns", "lat-pulldown"),
        ("doing dips now", "dip"),
    ],
)
def test_plan_exercise(parser: Parser, text: str, slug: str) -> None:
    result = parser.parse(text)
    assert result.clarification is None
    subset(only(parser, text), intent="plan_exercise", exercise=slug)


def test_a_family_word_planned_asks_which(parser: Parser) -> None:
    result = parser.parse("let's do rows next")
    assert result.to_json_dict()["commands"] == [{"intent": "plan_exercise", "exercise": None}]
    assert result.clarification is not None and result.clarification.missing == ["exercise"]
    assert set(result.clarification.options) == {"barbell-row", "dumbbell-row", "seated-cable-row"}


def test_after_a_plan_a_bare_set_is_of_that_lift(parser: Parser) -> None:
    """The conversation passes the planned lift as the current exercise; the grammar uses it."""
    cmd = only(parser, "8 at 135", {"exercise": "barbell-bench-press"})
    subset(cmd, intent="log_sets", exercise="barbell-bench-press", reps=8, weight=135)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("bench press", "log_sets"),  # a lift alone still asks for its reps
        ("squat 225 for 5 next", "log_sets"),
        ("what's next", "next_exercise"),
        ("start push day", "start_workout"),
    ],
)
def test_what_is_not_a_plan(parser: Parser, text: str, intent: str) -> None:
    assert only(parser, text)["intent"] == intent
