"""Personal records: which sets count, how each kind is measured, and the history sets make.

A set counts when it is done (not a planned set still to do), a working set (not a warm-up) with a
load (`weight_kg` > 0) and at least one rep, in a workout that was not cancelled. Kinds, every weight in kg:

- `weight`: the heaviest load lifted;
- `e1rm`: the best estimated one-rep max by Epley's formula (`units.epley`; Brzycki's is given beside it);
- `set_volume`: load x reps of one set;
- `session_volume`: load x reps summed over one workout's sets of the exercise;
- `reps`: the most reps at one load (a record per load).

The history walks the sets in the order they were done (`completed_at`, then position, then id) and
notes an entry each time a value beats every earlier one of its kind (a tie is no new record). A
session counts at its last set, so sessions are ordered by their last set. The last entry of each
kind (and load, for `reps`) is the current record. `history` is the whole computation; `extend` and
`session_entry` are its steps, which the store's upkeep applies to sets added after all others.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from domain.units import epley

SET_KINDS = ("weight", "e1rm", "set_volume", "reps")
KINDS = (*SET_KINDS, "session_volume")
Slot = tuple[str, float | None]  # a kind, and the load for `reps` (one record per load)


@dataclass(frozen=True)
class Lift:
    """A counted set as records read it."""

    id: uuid.UUID
    workout_id: uuid.UUID
    completed_at: datetime
    position: int
    weight_kg: float
    reps: int

    @property
    def order(self) -> tuple[datetime, int, str]:
        return self.completed_at, self.position, str(self.id)


@dataclass(frozen=True)
class Entry:
    """A record set: its kind, value, and the set (and workout) that set it, when."""

    kind: str
    value: float
    weight_kg: float
    reps: int
    set_id: uuid.UUID
    workout_id: uuid.UUID
    achieved_at: datetime

    @property
    def slot(self) -> Slot:
        return slot(self.kind, self.weight_kg)


def slot(kind: str, weight_kg: float) -> Slot:
    return kind, weight_kg if kind == "reps" else None


def counts(
    weight_kg: float | None, reps: int | None, set_type: str | None, status: str | None, completed: bool = True
) -> bool:
    """Whether a set counts towards records (see the module's docstring)."""
    working = set_type != "warmup" and status != "cancelled" and completed
    return bool(weight_kg and weight_kg > 0 and reps and reps >= 1 and working)


def set_volume(weight_kg: float, reps: int) -> float:
    return round(weight_kg * reps, 3)


def session_volume(lifts: Iterable[Lift]) -> float:
    """Exactly rounded whatever the order the sets come in (math.fsum)."""
    return volume_of((lift.weight_kg, lift.reps) for lift in lifts)


def volume_of(loads: Iterable[tuple[float, int]]) -> float:
    return round(math.fsum(weight_kg * reps for weight_kg, reps in loads), 3)


def measures(lift: Lift) -> dict[str, float]:
    """The value of each per-set kind for one set."""
    return {
        "weight": lift.weight_kg,
        "e1rm": round(epley(lift.weight_kg, lift.reps), 3),
        "set_volume": set_volume(lift.weight_kg, lift.reps),
        "reps": float(lift.reps),
    }


def extend(bests: dict[Slot, float], lifts: Iterable[Lift]) -> list[Entry]:
    """The entries `lifts` (in the order done, all after the sets behind `bests`) set; `bests` is
    brought up to date."""
    found = []
    for lift in lifts:
        for kind, value in measures(lift).items():
            at = slot(kind, lift.weight_kg)
            if value > bests.get(at, -math.inf):
                bests[at] = value
                found.append(_entry(kind, value, lift))
    return found


def session_entry(volume: float, last: Lift, previous_best: float) -> Entry | None:
    """The record entry of a session of `volume` ending with `last`, if it beats `previous_best`
    (the volume of every session that ended before it)."""
    return _entry("session_volume", volume, last) if volume > previous_best else None


def history(lifts: Iterable[Lift]) -> list[Entry]:
    """Every record entry counted sets make, from none (the whole computation, for one exercise)."""
    ordered = sorted(lifts, key=lambda lift: lift.order)
    entries = extend({}, ordered)
    sessions: dict[uuid.UUID, list[Lift]] = {}
    for lift in ordered:
        sessions.setdefault(lift.workout_id, []).append(lift)
    best = -math.inf
    for done in sorted(sessions.values(), key=lambda s: s[-1].order):
        entry = session_entry(session_volume(done), done[-1], best)
        if entry is not None:
            entries.append(entry)
            best = entry.value
    return entries


def current(entries: Iterable[Entry]) -> dict[Slot, Entry]:
    """The current record of each slot: its last (highest) entry."""
    found: dict[Slot, Entry] = {}
    for entry in entries:
        if entry.slot not in found or entry.value > found[entry.slot].value:
            found[entry.slot] = entry
    return found


def _entry(kind: str, value: float, lift: Lift) -> Entry:
    return Entry(kind, value, lift.weight_kg, lift.reps, lift.id, lift.workout_id, lift.completed_at)
