"""Goal questions (query_goal): how close to a load on a lift, to reps, to a distance, and how the goals stand."""

from __future__ import annotations

import pytest

from intents import Parser
from tests.unit.intents.conftest import only, subset


@pytest.mark.parametrize(
    ("text", "slug", "weight", "unit"),
    [
        ("how close am I to a 315 squat", "barbell-back-squat", 315, None),
        ("How close am I to a 315 squat?", "barbell-back-squat", 315, None),
        ("hey spotter, how close am i to a three fifteen squat", "barbell-back-squat", 315, None),
        ("how far am I from a 405 deadlift", "deadlift", 405, None),
        ("how far am I from a four oh five deadlift", "deadlift", 405, None),
        ("how close to benching 225", "barbell-bench-press", 225, None),
        ("how close am I to benching two twenty five", "barbell-bench-press", 225, None),
        ("how close am I to squatting 140 kilos", "barbell-back-squat", 140, "kg"),
        ("how close am i to a 100 kilo bench", "barbell-bench-press", 100, "kg"),
        ("am I close to a 500 deadlift", "deadlift", 500, None),
        ("am i getting close to a 500 pound deadlift", "deadlift", 500, "lb"),
        ("how far off am I from a 2 plate bench", "barbell-bench-press", 225, None),
        ("how close am i to three plates on bench", "barbell-bench-press", 315, None),
        ("how close am i to a four plate deadlift", "deadlift", 405, None),
        ("how near am i to a 2 plate overhead press", "overhead-press", 225, None),
        ("how far off is my 500 deadlift", "deadlift", 500, None),
        ("how close is my bench to 225", "barbell-bench-press", 225, None),
        ("how much more for a 315 squat", "barbell-back-squat", 315, None),
        ("how much more do I need for a 405 deadlift", "deadlift", 405, None),
        ("what's left till a 405 deadlift", "deadlift", 405, None),
        ("how many pounds until a 315 squat", "barbell-back-squat", 315, "lb"),
        ("how many more pounds to a 405 deadlift", "deadlift", 405, "lb"),
    ],
)
def test_how_close_to_a_load_on_a_lift(parser: Parser, text: str, slug: str, weight: float, unit: str | None) -> None:
    subset(only(parser, text), intent="query_goal", exercise=slug, weight=weight, unit=unit, reps=None)


@pytest.mark.parametrize(
    ("text", "slug", "reps", "weight"),
    [
        ("how close am i to 20 pull ups", "pull-up", 20, None),
        ("how far am I from twenty pull-ups", "pull-up", 20, None),
        ("how close am I to 50 push ups", "push-up", 50, None),
        ("how far am i from 225 for 5 on bench", "barbell-bench-press", 5, 225),
        ("how close am i to 10 reps on bench at 185", "barbell-bench-press", 10, 185),
    ],
)
def test_how_close_to_reps(parser: Parser, text: str, slug: str, reps: int, weight: float | None) -> None:
    subset(only(parser, text), intent="query_goal", exercise=slug, reps=reps, weight=weight)


@pytest.mark.parametrize(
    ("text", "metres"),
    [
        ("how close am i to running 10k", 10000),
        ("how far am i from a 5k run", 5000),
        ("how close am I to running a 10k", 10000),
    ],
)
def test_how_close_to_a_distance(parser: Parser, text: str, metres: float) -> None:
    subset(only(parser, text), intent="query_goal", exercise="running", distance_m=metres, weight=None)


@pytest.mark.parametrize(
    "text",
    [
        "goal progress",
        "my goal progress",
        "how are my goals",
        "how are my goals going",
        "How are my goals?",
        "how am i doing on my goals",
        "progress on my goals",
        "show my goals",
        "list my goals",
        "check my goals",
        "what are my goals",
        "where am i at with my goals",
        "any goals",
        "goals",
        "my goals",
        "goal status",
        "how close am i to my goal",
        "how close am i to my goal weight",
        "how far am i from my goals",
    ],
)
def test_how_the_goals_stand(parser: Parser, text: str) -> None:
    subset(only(parser, text), intent="query_goal", exercise=None, weight=None, reps=None, distance_m=None)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("how is my squat goal going", "barbell-back-squat"),
        ("how's my bench goal", "barbell-bench-press"),
        ("what's my deadlift goal", "deadlift"),
        ("how far from my bench goal", "barbell-bench-press"),
        ("how close am I to my squat goal", "barbell-back-squat"),
        ("show my deadlift goals", "deadlift"),
    ],
)
def test_a_lifts_goal(parser: Parser, text: str, slug: str) -> None:
    subset(only(parser, text), intent="query_goal", exercise=slug, weight=None, reps=None)


@pytest.mark.parametrize(
    ("text", "weight"),
    [
        ("how close am i to 180 pounds", 180),
        ("how far am I from 80 kilos", 80),
    ],
)
def test_a_load_without_a_lift_is_a_body_weight(parser: Parser, text: str, weight: float) -> None:
    subset(only(parser, text), intent="query_goal", exercise=None, weight=weight)


def test_the_current_lift_is_the_one_asked_about(parser: Parser) -> None:
    cmd = only(parser, "how close am I to 315", {"exercise": "barbell-back-squat"})
    subset(cmd, intent="query_goal", exercise="barbell-back-squat", weight=315)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("how far did i run", "query_pr"),
        ("how far did I run yesterday", "query_last"),
        ("how far should I run today", "query_pr"),
        ("how far was my longest run", "query_pr"),
        ("bench 135 for 8", "log_sets"),
        ("what are my prs", "query_pr"),
        ("what's my squat PR", "query_pr"),
        ("how many sets left", "next_exercise"),
        ("how much more weight should I add", "unknown"),
        ("set a goal", "unknown"),
        ("how close", "unknown"),
    ],
)
def test_other_questions_stay_what_they_were(parser: Parser, text: str, intent: str) -> None:
    assert only(parser, text)["intent"] == intent
