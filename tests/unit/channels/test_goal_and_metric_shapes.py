"""The request shapes name exactly what the domain takes: every metric type, girth, goal kind and unit."""

from __future__ import annotations

from typing import get_args

from channels.http.schemas.goals import Direction, GoalUnit, Kind, Period
from channels.http.schemas.metrics import GIRTHS, DetailsIn, Metric
from domain import goals, health


def flat(literal: object) -> set[str]:
    found: set[str] = set()
    for arg in get_args(literal):
        found |= flat(arg) if get_args(arg) else {arg}
    return found


def test_every_metric_type_and_detail_is_in_the_request_shape() -> None:
    assert flat(Metric) == set(health.TYPES)
    assert set(GIRTHS) == set(health.GIRTHS)
    assert set(DetailsIn.model_fields) == set(health.DETAIL_KEYS)


def test_every_goal_kind_unit_direction_and_period_is_in_the_request_shape() -> None:
    assert flat(Kind) == set(goals.KINDS)
    assert flat(GoalUnit) == {unit for units in goals.UNITS.values() for unit in units}
    assert flat(Direction) == set(goals.DIRECTIONS) and flat(Period) == set(goals.PERIODS)
