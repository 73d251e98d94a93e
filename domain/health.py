"""Body and health readings: each type, its units (with conversions), the range a human body can
show, the details it may carry, and how readings of a day or week add up.

A reading keeps the value and unit it was entered in; `standard` converts it to the type's first
unit (kg, h, ml, cm, kcal, ...) for comparisons and series. A unit left out is the type's own, or
for body weight and girths the lifter's preference (`unit_pref` lb: lb and in; kg: kg and cm).

Structured readings keep their extra numbers in `details`:
- `sleep_hours`: the value is the time asleep; `deep_min`, `light_min`, `rem_min`, `awake_min`
  (all optional) are minutes in each stage, and the asleep stages add up to no more than the value;
- `blood_pressure`: the value is the systolic pressure, `diastolic` (required) the diastolic, lower.

Series: readings that add up over a day (steps, calories, water, sleep) are summed per local day,
and a bucket reports the total (`sum`) and the mean, lowest and highest day; levels (weights, heart
rates, pressures, girths) report the mean, lowest and highest reading, and no sum.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from domain.units import KG_PER_LB
from domain.validation import Checker

STAGES = ("deep_min", "light_min", "rem_min", "awake_min")


@dataclass(frozen=True)
class MetricType:
    name: str
    units: dict[str, float]  # unit -> how many standard units (the first) one of it is
    low: float  # the range a body can show, in the standard unit
    high: float
    adds_up: bool = False  # readings of a day add up (steps); otherwise each is a level (heart rate)
    details: dict[str, tuple[float, float]] = field(default_factory=dict)  # allowed keys and their ranges
    required: tuple[str, ...] = ()  # details that must be given
    by_preference: tuple[str, str] | None = None  # the unit when none is said: (for lb, for kg) users

    @property
    def standard(self) -> str:
        return next(iter(self.units))


_KG = {"kg": 1.0, "lb": KG_PER_LB}
_CM = {"cm": 1.0, "in": 2.54}
_KCAL = {"kcal": 1.0, "kJ": 1 / 4.184}
GIRTHS = (
    "neck",
    "shoulders",
    "chest",
    "waist",
    "hips",
    "biceps_left",
    "biceps_right",
    "forearm_left",
    "forearm_right",
    "thigh_left",
    "thigh_right",
    "calf_left",
    "calf_right",
)
_TYPES = [
    MetricType("body_weight", _KG, 20, 400, by_preference=("lb", "kg")),
    MetricType("body_fat", {"%": 1.0}, 2, 75),
    MetricType("heart_rate", {"bpm": 1.0}, 20, 250),
    MetricType("resting_heart_rate", {"bpm": 1.0}, 20, 250),
    MetricType("hrv", {"ms": 1.0}, 1, 500),
    MetricType("vo2_max", {"ml/kg/min": 1.0}, 10, 100),
    MetricType("blood_pressure", {"mmHg": 1.0}, 50, 260, details={"diastolic": (30, 200)}, required=("diastolic",)),
    MetricType("steps", {"steps": 1.0}, 0, 200_000, adds_up=True),
    MetricType("sleep_hours", {"h": 1.0, "min": 1 / 60}, 0, 24, adds_up=True, details=dict.fromkeys(STAGES, (0, 1440))),
    MetricType("calories_active", _KCAL, 0, 10_000, adds_up=True),
    MetricType("calories_total", _KCAL, 0, 20_000, adds_up=True),
    MetricType("water_ml", {"ml": 1.0, "l": 1000.0, "oz": 29.5735}, 0, 20_000, adds_up=True),
    *(MetricType(name, _CM, 10, 300, by_preference=("in", "cm")) for name in GIRTHS),
]
TYPES: dict[str, MetricType] = {t.name: t for t in _TYPES}
DETAIL_KEYS = tuple(sorted({key for t in _TYPES for key in t.details}))


def default_unit(kind: MetricType, unit_pref: str | None) -> str:
    if kind.by_preference is not None:
        return kind.by_preference[unit_pref == "kg"]
    return kind.standard


def standard(metric: str, value: float, unit: str | None) -> float:
    """The value in the type's standard unit (an unknown unit is taken as the standard)."""
    kind = TYPES.get(metric)
    if kind is None:
        return value
    return value * kind.units.get(unit or kind.standard, 1.0)


def shown_unit(metric: str, unit_pref: str | None) -> str:
    """The unit a series of the type is shown in: the lifter's for weights and girths."""
    kind = TYPES[metric]
    return default_unit(kind, unit_pref)


def convert(metric: str, value: float, unit: str) -> float:
    """A standard value in `unit`."""
    return value / TYPES[metric].units[unit]


@dataclass(frozen=True)
class Reading:
    """A reading checked and completed: its unit filled in."""

    metric: str
    value: float
    unit: str
    details: dict[str, float] | None


def check_reading(
    check: Checker,
    metric: str,
    value: float,
    unit: str | None,
    details: dict[str, Any] | None,
    unit_pref: str | None,
    name: Callable[[str], str] = str,
) -> Reading | None:
    """The reading with its unit filled in, or None with every problem added to `check` (`name`
    gives the field a problem is reported under: `data[3].value` in a batch)."""
    kind = TYPES.get(metric)
    if kind is None:
        check.add(name("metric"), f"must be one of {', '.join(TYPES)}")
        return None
    before = len(check.details)
    unit = unit or default_unit(kind, unit_pref)
    check.choice(name("unit"), unit, tuple(kind.units))
    if unit in kind.units:
        low, high = (round(bound / kind.units[unit], 2) for bound in (kind.low, kind.high))
        if not low <= value <= high:
            check.add(name("value"), f"must be between {low:g} and {high:g} {unit}")
    given = {k: v for k, v in (details or {}).items() if v is not None}
    for key, number in given.items():
        if key not in kind.details:
            allowed = ", ".join(kind.details) or "none"
            check.add(name(f"details.{key}"), f"not a detail of {metric} (its details: {allowed})")
            continue
        check.range(name(f"details.{key}"), number, *kind.details[key])
    for key in kind.required:
        if key not in given:
            check.add(name(f"details.{key}"), f"is required for {metric}")
    if len(check.details) == before:
        _consistent(check, metric, standard(metric, value, unit), given, name)
    if len(check.details) > before:
        return None
    return Reading(metric, value, unit, given or None)


def _consistent(check: Checker, metric: str, value: float, details: dict[str, Any], name: Callable[[str], str]) -> None:
    if metric == "blood_pressure" and details["diastolic"] >= value:
        check.add(name("details.diastolic"), "must be lower than the systolic pressure (the value)")
    if metric == "sleep_hours":
        asleep = sum(details.get(k, 0) for k in ("deep_min", "light_min", "rem_min"))
        if asleep > value * 60 + 1:
            check.add(name("details"), f"deep, light and REM add up to {asleep:g} min, more than the {value:g} h")
