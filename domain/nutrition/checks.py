"""Limits on what a lifter enters about food, shared by every channel: amounts, a food's own values
(per 100 g, as much as 100 g of anything can hold), meals, and daily targets."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from domain.errors import Invalid
from domain.validation import Checker, text_problem

MEALS = ("breakfast", "lunch", "dinner", "snack")
MAX_AMOUNT = 100_000  # in any unit: 100 kg is out of reach anyway (MAX_GRAMS)
NAME_MAX, BRAND_MAX, MEASURE_MAX = 200, 100, 80
MAX_PORTIONS = 20
MACROS = ("protein_g", "carbs_g", "fat_g", "fibre_g")
# Daily targets: what PATCH /me takes, and the highest each may be.
TARGETS = {"energy_kcal": 20_000.0, "protein_g": 1_000.0, "carbs_g": 2_000.0, "fat_g": 1_000.0, "fibre_g": 300.0}


def meal_at(local: datetime) -> str:
    """The meal a local time falls in, when none is said: breakfast before 11, lunch before 15,
    dinner from 17 to 22, snacks between."""
    hour = local.hour
    if 4 <= hour < 11:
        return "breakfast"
    if 11 <= hour < 15:
        return "lunch"
    if 17 <= hour < 22:
        return "dinner"
    return "snack"


def check_amount(check: Checker, field: str, amount: float) -> bool:
    if not 0 < amount <= MAX_AMOUNT:
        check.add(field, f"must be more than 0 and at most {MAX_AMOUNT:g}")
        return False
    return True


def check_name(check: Checker, field: str, value: str, most: int = NAME_MAX) -> None:
    problem = text_problem(value)
    if problem is not None:
        check.add(field, problem)
    elif not value.strip() or len(value.strip()) > most:
        check.add(field, f"must be 1 to {most} characters")


def check_food_values(values: dict[str, Any], whole: bool) -> dict[str, Any]:
    """A lifter's food checked and made per 100 g: values given for `per_grams` grams (100 when left
    out) are scaled; the macros of 100 g weigh at most 100 g, and energy at most 900 kcal."""
    check = Checker()
    out: dict[str, Any] = {}
    name = values.get("name")
    if name is None:
        check.add("name", "must not be null")
    else:
        check_name(check, "name", name)
        out["name"] = name.strip()
    brand = values.get("brand")
    if brand is not None:
        check_name(check, "brand", brand, BRAND_MAX)
    out["brand"] = brand.strip() if brand else None
    per = values.get("per_grams") or 100.0
    check.range("per_grams", per, 1, 5000)
    factor = 100.0 / per if per > 0 else 1.0
    for key in ("energy_kcal", *MACROS):
        value = values.get(key, None if key == "energy_kcal" else 0.0)
        if value is None:
            check.add(key, "must not be null" if not whole or key in values else "is required")
            continue
        check.range(key, value, 0, 100_000)
        out[key] = round(value * factor, 3)
    if out.get("energy_kcal", 0) > 900:
        check.add("energy_kcal", "comes to more than 900 kcal per 100 g (pure fat is 900)")
    if sum(out.get(k, 0) for k in MACROS[:3]) > 101:
        check.add("body", "protein, carbs and fat come to more than 100 g per 100 g")
    out["portions"] = _portions(check, values.get("portions") or [])
    check.raise_if_any()
    return out


def _portions(check: Checker, portions: list[Any]) -> list[dict[str, Any]]:
    if len(portions) > MAX_PORTIONS:
        check.add("portions", f"at most {MAX_PORTIONS}")
        return []
    out = []
    for i, p in enumerate(portions):
        amount, measure, grams = p.get("amount", 1.0), p.get("measure"), p.get("grams")
        if not isinstance(measure, str):
            check.add(f"portions[{i}].measure", "is required")
            continue
        check_name(check, f"portions[{i}].measure", measure, MEASURE_MAX)
        check.range(f"portions[{i}].amount", amount, 0.001, 1000)
        check.range(f"portions[{i}].grams", grams, 0.001, 5000)
        out.append({"amount": amount, "measure": measure.strip(), "grams": grams})
    return out


def merge_targets(current: dict[str, Any] | None, change: dict[str, Any] | None) -> dict[str, float] | None:
    """`change` applied to the targets: a value sets one, a null clears it; a null `change` clears all."""
    if change is None:
        return None
    check = Checker()
    merged = dict(current or {})
    for key, value in change.items():
        if key not in TARGETS:
            check.add(f"nutrition_targets.{key}", f"not a target ({', '.join(TARGETS)})")
        elif value is None:
            merged.pop(key, None)
        else:
            check.range(f"nutrition_targets.{key}", value, 0, TARGETS[key])
            merged[key] = float(value)
    if check.details:
        raise Invalid(check.details[0]["field"] + ": " + check.details[0]["message"], check.details)
    return merged or None
