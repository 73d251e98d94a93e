"""Weights as entered and as stored: every set keeps its unit and a normalised kilogram value."""

from __future__ import annotations

KG_PER_LB = 0.45359237


def to_kg(weight: float | None, unit: str | None) -> float | None:
    if weight is None:
        return None
    return round(weight * KG_PER_LB, 4) if unit == "lb" else float(weight)


def epley(weight: float, reps: int) -> float:
    """Estimated one-rep max by Epley, w x (1 + reps / 30); a single is its own max. The one the
    API reports (records rank by it)."""
    if reps <= 1:
        return weight
    return weight * (1 + reps / 30.0)


def brzycki(weight: float, reps: int) -> float | None:
    """Estimated one-rep max by Brzycki, w x 36 / (37 - reps); a single is its own max. None from
    37 reps on, where the formula has no answer."""
    if reps <= 1:
        return weight
    if reps >= 37:
        return None
    return weight * 36 / (37 - reps)


e1rm = epley  # the estimate everything reports


def convert(weight: float | None, unit: str | None, to: str | None) -> float | None:
    """`weight` in `unit` as a weight in `to` (to the gram, or the hundredth of a pound); as it is
    when either unit is unknown."""
    if weight is None or unit is None or to is None or unit == to:
        return weight
    return round(weight * KG_PER_LB, 3) if to == "kg" else round(weight / KG_PER_LB, 2)
