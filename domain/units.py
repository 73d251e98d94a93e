"""Weights as entered and as stored: every set keeps its unit and a normalised kilogram value."""

from __future__ import annotations

KG_PER_LB = 0.45359237


def to_kg(weight: float | None, unit: str | None) -> float | None:
    if weight is None:
        return None
    return round(weight * KG_PER_LB, 4) if unit == "lb" else float(weight)


def e1rm(weight: float, reps: int) -> float:
    """Estimated one-rep max (Epley); a single is its own max."""
    if reps <= 1:
        return weight
    return weight * (1 + reps / 30.0)
