"""The arithmetic of goals: progress, when a goal is first met, and which goals are refused."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from domain import goals as g
from domain.handlers.goals import status_of
from domain.models import Goal

TODAY = date(2025, 3, 12)  # a Wednesday
SET_AT = datetime(2025, 3, 12, 9, 0, tzinfo=UTC)


def at(day: int, hour: int = 18) -> datetime:
    return datetime(2025, 3, day, hour, tzinfo=UTC)


@pytest.mark.parametrize(
    ("current", "target", "percent", "remaining"),
    [
        (None, 315, 0.0, 315),
        (0, 315, 0.0, 315),
        (300, 315, 95.2, 15),
        (315, 315, 100.0, 0),
        (330, 315, 100.0, 0),
        (2, 4, 50.0, 2),
    ],
)
def test_rising_progress(current: float | None, target: float, percent: float, remaining: float) -> None:
    p = g.rising(current, target, "lb")
    assert (p.percent, p.remaining, p.current, p.unit) == (percent, remaining, current, "lb")


@pytest.mark.parametrize(
    ("start", "current", "target", "direction", "percent", "remaining"),
    [
        (90, 90, 80, "down", 0.0, 10),
        (90, 85, 80, "down", 50.0, 5),
        (90, 79.5, 80, "down", 100.0, 0),
        (90, 92, 80, "down", 0.0, 12),  # went the wrong way: no progress, more to go
        (70, 75, 80, "up", 50.0, 5),
        (70, 81, 80, "up", 100.0, 0),
        (None, 85, 80, "down", 0.0, 5),  # no start known: measured from now
    ],
)
def test_body_weight_progress_runs_from_the_start(
    start: float | None, current: float, target: float, direction: str, percent: float, remaining: float
) -> None:
    p = g.toward(start, current, target, direction, "kg")
    assert (p.percent, p.remaining) == (percent, remaining)


def test_body_weight_progress_without_a_reading_is_not_known() -> None:
    p = g.toward(None, None, 80, "down", "kg")
    assert (p.current, p.percent, p.remaining) == (None, 0.0, None)


def test_targets_are_compared_in_kg_and_metres() -> None:
    assert g.standard("heaviest", 315, "lb") == pytest.approx(142.8816)
    assert g.standard("heaviest", 315, "lb") == g.kg(315, "lb")  # the load a 315 lb set stores
    assert g.standard("distance", 10, "km") == 10_000
    assert g.standard("distance", 1, "mi") == pytest.approx(1609.344)
    assert g.standard("reps", 20, None) == 20  # a count, whatever the unit of its load
    assert g.shown("distance", 5000, "km") == 5
    assert g.shown("e1rm", 100, "lb") == pytest.approx(220.462, abs=0.001)


def test_reached_by_direction() -> None:
    assert g.reached("body_weight", 79.995, 80, "down") and not g.reached("body_weight", 80.5, 80, "down")
    assert g.reached("body_weight", 80.0, 80, "up") and not g.reached("body_weight", 79, 80, "up")
    assert g.reached("heaviest", 142.8816, 142.8816) and not g.reached("heaviest", None, 1)


def test_the_first_crossing_is_the_moment_a_bucket_adds_up() -> None:
    points = [(at(3), "a", 3000.0), (at(4), "b", 6000.0), (at(5), "b", 4000.0), (at(6), "a", 8000.0)]
    assert g.first_crossing(points, 10_000) == at(5)
    assert g.first_crossing(points, 20_000) is None
    assert g.first_crossing(reversed(points), 10_000) == at(5)  # in time order, whatever the order given


def test_a_streak_is_met_by_the_day_that_makes_it() -> None:
    moments = {date(2025, 3, d): at(d) for d in (10, 11, 13, 14, 15)}
    assert g.streak_reached(moments, 3, 1, date(2025, 3, 12), SET_AT) == at(15)
    assert g.streak_reached(moments, 4, 1, date(2025, 3, 12), SET_AT) is None


def test_a_streak_standing_when_the_goal_is_set_is_met_then() -> None:
    moments = {date(2025, 3, d): at(d) for d in (9, 10, 11)}
    assert g.streak_reached(moments, 3, 1, date(2025, 3, 12), SET_AT) == SET_AT  # held: yesterday trained
    assert g.streak_reached(moments, 3, 1, date(2025, 3, 13), SET_AT + timedelta(days=1)) is None  # broken


def test_a_week_streak_counts_mondays() -> None:
    mondays = [date(2025, 3, 3) + timedelta(weeks=w) for w in range(4)]
    moments = {d: datetime.combine(d, datetime.min.time(), UTC) + timedelta(hours=20) for d in mondays}
    assert g.streak_reached(moments, 4, 7, date(2025, 2, 24), datetime(2025, 2, 25, tzinfo=UTC)) == moments[mondays[3]]


def problems(**values: object) -> list[tuple[str, str]]:
    return [(d["field"], d["message"]) for d in g.check_goal(values, TODAY).details]


def fields(**values: object) -> set[str]:
    return {f for f, _ in problems(**values)}


@pytest.mark.parametrize(
    "values",
    [
        {"kind": "heaviest", "exercise": "squat", "target": 315, "unit": "lb"},
        {"kind": "e1rm", "exercise": "squat", "target": 140, "unit": "kg"},
        {"kind": "reps", "exercise": "pull-up", "target": 20},
        {"kind": "reps", "exercise": "bench", "target": 5, "weight": 225, "unit": "lb"},
        {"kind": "body_weight", "target": 80, "unit": "kg", "direction": "down"},
        {"kind": "distance", "exercise": "running", "target": 10, "unit": "km"},
        {"kind": "distance", "exercise": "cycling", "target": 400, "unit": "mi", "period": "month"},
        {"kind": "workouts_per_week", "target": 4},
        {"kind": "streak", "target": 30, "unit": "days", "deadline": TODAY},
        {"kind": "streak", "target": 8, "unit": "weeks"},
    ],
)
def test_sound_goals_pass(values: dict[str, object]) -> None:
    assert problems(**values) == []


@pytest.mark.parametrize(
    ("values", "bad"),
    [
        ({"kind": "mood", "target": 5}, {"kind"}),
        ({"kind": "heaviest", "target": 315, "unit": "lb"}, {"exercise"}),
        ({"kind": "workouts_per_week", "target": 4, "exercise": "squat"}, {"exercise"}),
        ({"kind": "heaviest", "exercise": "squat", "target": 4000, "unit": "lb"}, {"target"}),
        ({"kind": "heaviest", "exercise": "squat", "target": 315, "unit": "km"}, {"unit"}),
        ({"kind": "body_weight", "target": 5, "unit": "kg", "direction": "down"}, {"target"}),
        ({"kind": "body_weight", "target": 80, "unit": "kg", "direction": "sideways"}, {"direction"}),
        ({"kind": "reps", "exercise": "squat", "target": 5.5}, {"target"}),
        ({"kind": "reps", "exercise": "squat", "target": 5, "weight": 5000, "unit": "kg"}, {"weight"}),
        ({"kind": "heaviest", "exercise": "squat", "target": 315, "unit": "lb", "weight": 100}, {"weight"}),
        ({"kind": "heaviest", "exercise": "squat", "target": 315, "unit": "lb", "direction": "up"}, {"direction"}),
        ({"kind": "heaviest", "exercise": "squat", "target": 315, "unit": "lb", "period": "week"}, {"period"}),
        ({"kind": "distance", "exercise": "running", "target": 5000, "unit": "km"}, {"target"}),  # one session
        ({"kind": "distance", "exercise": "running", "target": 5000, "unit": "km", "period": "month"}, set()),
        ({"kind": "distance", "exercise": "running", "target": 10, "unit": "km", "period": "day"}, {"period"}),
        ({"kind": "workouts_per_week", "target": 15}, {"target"}),
        ({"kind": "workouts_per_week", "target": 3, "unit": "kg"}, {"unit"}),
        ({"kind": "streak", "target": 0, "unit": "days"}, {"target"}),
        ({"kind": "streak", "target": 600, "unit": "weeks"}, {"target"}),
        ({"kind": "streak", "target": 10, "unit": "days", "deadline": TODAY - timedelta(days=1)}, {"deadline"}),
    ],
)
def test_unsound_goals_name_each_problem(values: dict[str, object], bad: set[str]) -> None:
    assert fields(**values) == bad


def test_every_problem_is_reported_at_once() -> None:
    found = fields(kind="heaviest", target=4000, unit="lb", direction="up", period="week")
    assert found == {"exercise", "target", "direction", "period"}


def test_a_goal_is_missed_when_its_deadline_passes_first() -> None:
    made = Goal(kind="streak", target=5, deadline=TODAY)
    assert status_of(made, TODAY) == "open"
    assert status_of(made, TODAY + timedelta(days=1)) == "missed"
    made.achieved_at = SET_AT
    assert status_of(made, TODAY + timedelta(days=1)) == "achieved"
    assert status_of(Goal(kind="streak", target=5), date(2999, 1, 1)) == "open"  # no deadline: never missed
