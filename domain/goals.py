"""Goals: the kinds a lifter can set, their units and ranges, and the arithmetic of progress.

Kinds, and what the current value is (read from the logs by domain/goal_progress.py):

- `body_weight`: the latest body weight reading; `direction` down (cutting) or up (gaining); the
  start is the reading standing when the goal was set (else the first one after);
- `heaviest`, `e1rm`: the exercise's heaviest load, or best estimated one-rep max (Epley), as the
  personal records count them (domain/records.py);
- `reps`: the most reps done in one working set of the exercise at `weight` or more (any load,
  bodyweight included, when no weight is given);
- `distance`: on a cardio exercise, the longest session (`period: session`, the default: "run a
  10k" is one run; a workout's sets of the exercise add up), or the total of this local week or
  month (`period: week | month`: "50 km this month");
- `workouts_per_week`: workouts with sets started this local week (Monday to Sunday);
- `streak`: training days (or weeks) in a row, as GET /analytics/summary counts them
  (domain/analytics.py: a streak holds until a whole day, or week, passes without training).

Progress: `percent` (0 to 100) and `remaining` (never below 0) from the current value to the
target; for body weight from the start to the target. A goal is met the first time the lifter's
data reaches its target after it was set (a goal already reached when set is met then); weekly
and monthly goals count their periods from the one the goal was set in.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from domain.units import KG_PER_LB
from domain.validation import Checker

KINDS = ("body_weight", "heaviest", "e1rm", "reps", "distance", "workouts_per_week", "streak")
ON_EXERCISE = ("heaviest", "e1rm", "reps", "distance")
COUNTS = ("workouts_per_week", "streak")  # read from workouts, not from one exercise
DIRECTIONS = ("down", "up")
PERIODS = ("session", "week", "month")
METERS = {"m": 1.0, "km": 1000.0, "mi": 1609.344}
KG = {"kg": 1.0, "lb": KG_PER_LB}
UNITS: dict[str, tuple[str, ...]] = {
    "body_weight": ("kg", "lb"),
    "heaviest": ("kg", "lb"),
    "e1rm": ("kg", "lb"),
    "reps": ("kg", "lb"),
    "distance": ("km", "mi", "m"),
    "workouts_per_week": (),
    "streak": ("days", "weeks"),
}
SHOWN = {"reps": "reps", "workouts_per_week": "workouts"}  # the unit of a count target
# Human ranges of a target, in the kind's standard unit (kg, m, a count).
RANGES = {
    "body_weight": (20.0, 400.0),
    "heaviest": (1.0, 1500.0),
    "e1rm": (1.0, 1500.0),
    "reps": (1.0, 1000.0),
    "distance": (10.0, 10_000_000.0),
    "workouts_per_week": (1.0, 14.0),
}
STREAK_MAX = {"days": 3650, "weeks": 520}
SESSION_MAX_M = 1_000_000.0  # a single session: 1000 km
TOLERANCE = 0.01  # kg or m: a target converted from lb meets the same load converted the same way


def default_unit(kind: str, unit_pref: str | None) -> str | None:
    if kind in ("body_weight", "heaviest", "e1rm", "reps"):
        return "kg" if unit_pref == "kg" else "lb"
    if kind == "distance":
        return "km" if unit_pref == "kg" else "mi"
    return "days" if kind == "streak" else None


def standard(kind: str, value: float, unit: str | None) -> float:
    """A target in kg, m, or as the count it is (reps, workouts, days or weeks)."""
    if kind == "distance":
        return value * METERS.get(unit or "m", 1.0)
    if kind in ("body_weight", "heaviest", "e1rm"):
        return kg(value, unit)
    return value


def kg(value: float, unit: str | None) -> float:
    """A load in kg, rounded as sets store theirs (domain/units.py: to_kg), so that equal loads meet."""
    return round(value * KG.get(unit or "kg", 1.0), 4)


def shown(kind: str, value_standard: float, unit: str | None) -> float:
    """A standard value in the goal's unit."""
    if kind == "distance":
        return value_standard / METERS.get(unit or "m", 1.0)
    if kind in ("body_weight", "heaviest", "e1rm"):
        return value_standard / KG.get(unit or "kg", 1.0)
    return value_standard


def check_goal(values: dict[str, Any], today: date) -> Checker:
    """Every problem of a goal's fields together (`values`: kind, target, unit, weight, direction,
    period, deadline, and `exercise` when one is named), units already filled in."""
    check = Checker()
    kind = values.get("kind")
    check.choice("kind", kind, KINDS)
    if kind not in KINDS:
        return check
    named = values.get("exercise") is not None
    if kind in ON_EXERCISE and not named:
        check.add("exercise", f"is required for a {kind} goal")
    elif kind not in ON_EXERCISE and named:
        check.add("exercise", f"is only for {', '.join(ON_EXERCISE)} goals")
    unit = values.get("unit")
    if UNITS[kind]:
        check.choice("unit", unit, UNITS[kind])
    elif unit is not None:
        check.add("unit", f"a {kind} goal has no unit")
    _check_target(check, kind, values.get("target"), unit, values.get("period"))
    _only(check, "weight", values.get("weight"), kind, "reps")
    if kind == "reps" and values.get("weight") is not None and not 0 <= kg(values["weight"], unit) <= 1500:
        check.add("weight", "must be between 0 and 1500 kg (3300 lb)")
    _only(check, "direction", values.get("direction"), kind, "body_weight")
    check.choice("direction", values.get("direction"), DIRECTIONS)
    _only(check, "period", values.get("period"), kind, "distance")
    check.choice("period", values.get("period"), PERIODS)
    deadline = values.get("deadline")
    if deadline is not None and deadline < today:
        check.add("deadline", f"must not be before today ({today.isoformat()})")
    return check


def _only(check: Checker, field: str, value: Any, kind: str, owner: str) -> None:
    if value is not None and kind != owner:
        check.add(field, f"is only for {owner} goals")


def _check_target(check: Checker, kind: str, target: float | None, unit: str | None, period: str | None) -> None:
    if target is None:
        check.add("target", "is required")
        return
    if kind in ("reps", "workouts_per_week", "streak") and not float(target).is_integer():
        check.add("target", "must be a whole number")
        return
    if kind == "streak":
        most = STREAK_MAX.get(unit or "days", STREAK_MAX["days"])
        check.range("target", target, 1, most)
        return
    if kind not in ("reps", "workouts_per_week") and unit not in UNITS[kind]:
        return  # the unit is reported; the range would be read in the wrong one
    low, high = RANGES[kind]
    if kind == "distance" and (period or "session") == "session":
        high = SESSION_MAX_M
    value = standard(kind, target, unit)
    if not low <= value <= high:
        words = {"body_weight": "kg", "heaviest": "kg", "e1rm": "kg", "distance": "m"}.get(kind, "")
        check.add("target", f"must be between {low:g} and {high:g} {words}".rstrip())


@dataclass(frozen=True)
class Progress:
    """Where a goal stands, in its unit."""

    current: float | None
    target: float
    unit: str | None
    percent: float
    remaining: float | None  # None: not known yet (no body weight logged)
    start: float | None = None  # body weight: the reading the goal started from


def rising(current: float | None, target: float, unit: str | None) -> Progress:
    """Progress toward a target reached by going up from nothing (a load, reps, a distance, a count)."""
    now = current or 0.0
    percent = 100.0 if target <= 0 else min(100.0, max(0.0, now / target * 100))
    return Progress(_round(current), target, unit, round(percent, 1), _round(max(0.0, target - now)) or 0.0)


def toward(start: float | None, current: float | None, target: float, direction: str, unit: str | None) -> Progress:
    """Progress of a body weight from `start` to `target`, going `direction`."""
    if current is None:  # nothing weighed yet: how far is not known
        return Progress(None, target, unit, 0.0, None, None)
    sign = 1 if direction == "up" else -1
    remaining = _gap(current, target, direction)
    begin = start if start is not None else current
    need = (target - begin) * sign
    if remaining == 0:
        percent = 100.0
    elif need <= 0:
        percent = 0.0
    else:
        percent = min(100.0, max(0.0, (current - begin) * sign / need * 100))
    return Progress(_round(current), target, unit, round(percent, 1), remaining, _round(start))


def _gap(value: float, target: float, direction: str) -> float:
    gap = target - value if direction == "up" else value - target
    return _round(max(0.0, gap)) or 0.0


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def reached(kind: str, value: float | None, target: float, direction: str | None = None) -> bool:
    """Whether a standard value meets a standard target."""
    if value is None:
        return False
    if kind == "body_weight":
        return value <= target + TOLERANCE if direction == "down" else value >= target - TOLERANCE
    return value >= target - TOLERANCE


def first_crossing(points: Iterable[tuple[datetime, Any, float]], target: float) -> datetime | None:
    """The first moment the amounts of one bucket add up to `target` (points: moment, bucket, amount)."""
    totals: dict[Any, float] = {}
    for moment, bucket, amount in sorted(points, key=lambda p: p[0]):
        totals[bucket] = totals.get(bucket, 0.0) + amount
        if totals[bucket] >= target - TOLERANCE:
            return moment
    return None


def streak_reached(
    moments: dict[date, datetime], target: int, step: int, as_of: date, set_at: datetime
) -> datetime | None:
    """When a streak of `target` training days (`step` 1) or weeks (`step` 7, keyed by Monday) was
    first reached, not before `set_at`: `moments` holds each day (week) and the moment it began to
    count; a streak standing at the goal's local day `as_of` when it was set is met then."""
    before = {d for d, at in moments.items() if at < set_at}
    if _run(before, as_of, step) >= target:
        return set_at
    count, previous = 0, None
    for day in sorted(moments):
        count = count + 1 if previous is not None and (day - previous).days == step else 1
        previous = day
        if count >= target and moments[day] >= set_at:
            return moments[day]
    return None


def _run(days: set[date], as_of: date, step: int) -> int:
    """The run of `days` standing at `as_of` (it may end the step before: today is not over)."""
    at = as_of if as_of in days else as_of - timedelta(days=step)
    count = 0
    while at in days:
        count, at = count + 1, at - timedelta(days=step)
    return count


def whole(value: float) -> float | int:
    return int(value) if math.isfinite(value) and float(value).is_integer() else value
