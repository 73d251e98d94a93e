"""Loads for the next session from a lift's recent top sets: e1RM with reps in reserve, RPE-aware
progression, and a deload after a stall.

A session's top set (heaviest, then most reps) estimates the lifter's max by Epley with the reps
left in reserve added (RPE 8 = two more reps): `e1rm = w x (1 + (reps + 10 - rpe) / 30)`. A set
without an RPE is taken as done at the target RPE. The next load is that estimate read back at
the planned reps and target RPE, then:

- a grinder (last top set at RPE 9.5 or more) holds at the last load at most;
- otherwise, one step of progression (2.5 kg or 5 lb) when the last top set was at or under the
  target RPE and not easier already (an easy set has raised the estimate by itself);
- a stall (no better estimate in the last three sessions than before them) deloads by 10% at
  RPE 7, the usual reset before building again.

Loads round down to the step of the lifter's unit: never heavier than prescribed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from domain.units import KG_PER_LB

STALL_SESSIONS = 3
DELOAD = 0.9
STEP = {"kg": 2.5, "lb": 5.0}


@dataclass(frozen=True)
class TopSet:
    """The top set of one session of a lift (kg)."""

    day: date
    weight_kg: float
    reps: int
    rpe: float | None = None


@dataclass(frozen=True)
class Prescription:
    load_kg: float | None  # None: no loaded history (find a weight for the reps at the RPE)
    e1rm_kg: float | None
    target_rpe: float
    status: str  # new, progressing, holding, stalled
    reason: str


def estimate(top: TopSet, assumed_rpe: float = 8.0) -> float:
    """The e1RM a top set shows, counting the reps it left in reserve."""
    rpe = top.rpe if top.rpe is not None else assumed_rpe
    in_reserve = max(0.0, 10.0 - min(rpe, 10.0))
    reps = top.reps + in_reserve
    return top.weight_kg if reps <= 1 else top.weight_kg * (1 + reps / 30.0)


def load_for(e1rm_kg: float, reps: int, rpe: float) -> float:
    """The load for `reps` at `rpe` on a lifter with this e1RM (Epley read backwards)."""
    total = reps + max(0.0, 10.0 - rpe)
    return e1rm_kg if total <= 1 else e1rm_kg / (1 + total / 30.0)


def stalled(sessions: Sequence[TopSet], assumed_rpe: float = 8.0) -> bool:
    """No better estimate in the last three sessions than in any before them (oldest first)."""
    if len(sessions) <= STALL_SESSIONS:
        return False
    before = max(estimate(s, assumed_rpe) for s in sessions[:-STALL_SESSIONS])
    return max(estimate(s, assumed_rpe) for s in sessions[-STALL_SESSIONS:]) <= before


def round_down(kg: float, unit: str) -> float:
    """Kilograms, rounded down to the step of the lifter's unit (2.5 kg or 5 lb), as kg."""
    if unit == "lb":
        return math.floor(kg / KG_PER_LB / STEP["lb"] + 1e-3) * STEP["lb"] * KG_PER_LB
    return math.floor(kg / STEP["kg"] + 1e-3) * STEP["kg"]


def prescribe(sessions: Sequence[TopSet], reps: int, target_rpe: float, unit: str = "kg") -> Prescription:
    """The next session's load for `reps` at `target_rpe`, from the lift's top sets (oldest first)."""
    loaded = [s for s in sessions if s.weight_kg > 0 and s.reps > 0]
    if not loaded:
        return Prescription(
            None, None, target_rpe, "new", f"no loaded sets yet: pick a load for {reps} at RPE {target_rpe:g}"
        )
    last = loaded[-1]
    e1rm = estimate(last, target_rpe)
    step = STEP[unit] * (KG_PER_LB if unit == "lb" else 1.0)
    if stalled(loaded, target_rpe):
        rpe = min(target_rpe, 7.0)
        load = round_down(load_for(e1rm, reps, rpe) * DELOAD, unit)
        return Prescription(load, round(e1rm, 2), rpe, "stalled", "no better e1RM in 3 sessions: deload 10%")
    base = load_for(e1rm, reps, target_rpe)
    if last.rpe is not None and last.rpe >= 9.5:
        load = min(base, last.weight_kg)
        return Prescription(round_down(load, unit), round(e1rm, 2), target_rpe, "holding", "last top set was a grind")
    if last.rpe is None or last.rpe >= target_rpe - 1:
        base += step  # done as planned: one step up
    load = round_down(min(base, e1rm * 0.97), unit)
    return Prescription(load, round(e1rm, 2), target_rpe, "progressing", "one step up from the last top set")
