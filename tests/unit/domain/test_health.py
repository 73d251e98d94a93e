"""Health readings: units and their conversions, human ranges, structured details, and how series add up."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain import health
from domain.series import summarise
from domain.validation import Checker


def read(
    metric: str, value: float, unit: str | None = None, details: dict[str, Any] | None = None, pref: str = "lb"
) -> tuple[health.Reading | None, dict[str, str]]:
    check = Checker()
    found = health.check_reading(check, metric, value, unit, details, pref)
    return found, {d["field"]: d["message"] for d in check.details}


@pytest.mark.parametrize(
    ("metric", "value", "unit", "standard"),
    [
        ("body_weight", 180, "lb", 81.6466),
        ("body_weight", 82.5, "kg", 82.5),
        ("sleep_hours", 450, "min", 7.5),
        ("water_ml", 2, "l", 2000),
        ("water_ml", 16, "oz", 473.176),
        ("calories_active", 2092, "kJ", 500),
        ("waist", 33, "in", 83.82),
        ("heart_rate", 60, "bpm", 60),
    ],
)
def test_units_convert_to_the_types_standard(metric: str, value: float, unit: str, standard: float) -> None:
    found, errors = read(metric, value, unit)
    assert errors == {} and found is not None and found.unit == unit
    assert health.standard(metric, value, unit) == pytest.approx(standard, abs=0.001)


@pytest.mark.parametrize(
    ("metric", "pref", "unit"),
    [
        ("body_weight", "lb", "lb"),
        ("body_weight", "kg", "kg"),
        ("waist", "lb", "in"),
        ("waist", "kg", "cm"),
        ("steps", "kg", "steps"),
        ("sleep_hours", "lb", "h"),
        ("blood_pressure", "lb", "mmHg"),
    ],
)
def test_a_unit_left_out_is_the_types_or_the_lifters(metric: str, pref: str, unit: str) -> None:
    check = Checker()
    details = {"diastolic": 70} if metric == "blood_pressure" else None
    found = health.check_reading(check, metric, 100 if metric != "sleep_hours" else 7, None, details, pref)
    assert check.details == [] and found is not None and found.unit == unit


@pytest.mark.parametrize(
    ("metric", "value", "unit", "field"),
    [
        ("body_weight", 2000, "kg", "value"),
        ("body_weight", 30, "lb", "value"),  # 13.6 kg
        ("body_weight", 80, "h", "unit"),
        ("heart_rate", 300, None, "value"),
        ("hrv", 0, "ms", "value"),
        ("vo2_max", 150, None, "value"),
        ("sleep_hours", 30, "h", "value"),
        ("sleep_hours", 1500, "min", "value"),
        ("body_fat", 5, "kg", "unit"),
        ("water_ml", 25, "l", "value"),
        ("steps", 300_000, None, "value"),
        ("calories_total", 30_000, "kcal", "value"),
        ("neck", 5, "cm", "value"),
        ("neck", 40, "mm", "unit"),
        ("mood", 3, None, "metric"),
    ],
)
def test_what_no_body_shows_is_refused(metric: str, value: float, unit: str | None, field: str) -> None:
    found, errors = read(metric, value, unit)
    assert found is None and field in errors


def test_the_range_is_said_in_the_unit_given() -> None:
    _, errors = read("body_weight", 30, "lb")
    assert errors["value"] == "must be between 44.09 and 881.85 lb"


def test_blood_pressure_needs_a_lower_diastolic() -> None:
    found, errors = read("blood_pressure", 120, "mmHg", {"diastolic": 80})
    assert errors == {} and found is not None and found.details == {"diastolic": 80}
    assert "details.diastolic" in read("blood_pressure", 120, "mmHg")[1]
    assert "details.diastolic" in read("blood_pressure", 80, "mmHg", {"diastolic": 90})[1]
    assert "details.diastolic" in read("blood_pressure", 120, "mmHg", {"diastolic": 10})[1]


def test_sleep_stages_fit_in_the_night() -> None:
    stages = {"deep_min": 90, "light_min": 250, "rem_min": 100, "awake_min": 30}
    found, errors = read("sleep_hours", 7.5, "h", stages)
    assert errors == {} and found is not None and found.details == stages
    assert "details" in read("sleep_hours", 5, "h", stages)[1]  # 440 asleep minutes in 5 hours
    assert read("sleep_hours", 440, "min", stages)[1] == {}  # the same night in minutes


def test_details_belong_to_their_type() -> None:
    assert "details.diastolic" in read("heart_rate", 60, "bpm", {"diastolic": 80})[1]
    assert "details.deep_min" in read("steps", 100, None, {"deep_min": 80})[1]
    found, errors = read("sleep_hours", 7, "h", {"deep_min": None})
    assert errors == {} and found is not None and found.details is None  # nulls are not details


def test_batch_fields_name_the_reading() -> None:
    check = Checker()
    health.check_reading(check, "body_weight", 9000, "kg", None, "kg", lambda f: f"data[3].{f}")
    assert check.details[0]["field"] == "data[3].value"


MON, TUE = date(2025, 3, 10), date(2025, 3, 11)


def test_totals_add_up_per_day() -> None:
    s = summarise([(MON, 4000), (MON, 3000), (TUE, 9000)], adds_up=True)
    assert (s.sum, s.avg, s.min, s.max) == (16000, 8000, 7000, 9000)


def test_levels_are_read_one_by_one() -> None:
    s = summarise([(MON, 60), (MON, 70), (TUE, 80)], adds_up=False)
    assert (s.sum, s.avg, s.min, s.max) == (None, 70, 60, 80)


def test_an_empty_bucket_has_no_numbers() -> None:
    assert summarise([], adds_up=True) == summarise([], adds_up=False)
