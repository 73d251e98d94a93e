"""A lifter's history written out, a page of workouts at a time (GET /export/workouts.csv, .json).

The CSV is Strong 6's layout (assistant/importing/strong.py), so that this importer, Strong-reading
apps and spreadsheets take it: times on the lifter's clock (their time zone), every weight in one
unit named in the header (the lifter's, or the one asked for; a set logged in the other unit is
converted, to 0.1 g), warm-ups W, drop sets D, failure sets F, other sets numbered per exercise.
What Strong's layout has no column for is left out: RIR, a set's own time, planned and cancelled
workouts, workouts without sets. The JSON has everything, with ids and slugs.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from assistant.importing.strong import LABELS
from domain import exports, queries
from domain.errors import NotFound
from domain.units import KG_PER_LB

if TYPE_CHECKING:
    from assistant.spotter import Spotter

STRONG_HEADER = [
    "Workout #", "Date", "Workout Name", "Duration (sec)", "Exercise Name", "Set Order", "WEIGHT", "Reps", "RPE",
    "Distance (meters)", "Seconds", "Notes", "Workout Notes",
]  # fmt: skip


def number(value: float | None, places: int = 4) -> str:
    """A number as Strong writes one: no trailing zeros ("102.5", "100"); empty for none."""
    if value is None:
        return ""
    text = f"{round(value, places):.{places}f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def weight_in(row: Any, unit: str) -> str:
    if row.weight is None:
        return ""
    if row.unit == unit:
        return number(row.weight)
    kg = row.weight_kg if row.weight_kg is not None else row.weight
    return number(kg if unit == "kg" else kg / KG_PER_LB)


async def _pages(
    spotter: Spotter, user_id: uuid.UUID, *, cancelled: bool
) -> AsyncIterator[list[tuple[Any, list[Any]]]]:
    """Each page of workouts with their sets, oldest first."""
    after: tuple[datetime, uuid.UUID] | None = None
    while True:
        async with spotter.reader() as uow:
            page = await exports.workouts_page(uow, user_id, after, include_cancelled=cancelled)
            rows = await exports.sets_of(uow, user_id, [w.id for w in page])
        if not page:
            return
        by_workout: dict[uuid.UUID, list[Any]] = {}
        for row in rows:
            by_workout.setdefault(row.workout_id, []).append(row)
        yield [(w, by_workout.get(w.id, [])) for w in page]
        if len(page) < exports.PAGE:
            return
        last = page[-1]
        after = (last.started_at or datetime.min.replace(tzinfo=UTC), last.id)  # started: never None here


async def _lifter(spotter: Spotter, user_id: uuid.UUID) -> tuple[ZoneInfo, str]:
    async with spotter.reader() as uow:
        user = await queries.user(uow, user_id)
    if user is None:
        raise NotFound("User not found")
    return ZoneInfo(user.timezone or "UTC"), user.unit_pref or "lb"


async def strong_csv(spotter: Spotter, user_id: uuid.UUID, unit: str | None = None) -> AsyncIterator[str]:
    zone, preferred = await _lifter(spotter, user_id)
    unit = unit or preferred
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(
        [("Weight (kg)" if unit == "kg" else "Weight (lbs)") if c == "WEIGHT" else c for c in STRONG_HEADER]
    )
    yield _drain(buf)
    count = 0
    async for page in _pages(spotter, user_id, cancelled=False):
        for workout, sets in page:
            if not sets:
                continue
            count += 1
            date = workout.started_at.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")
            took = workout.completed_at - workout.started_at if workout.completed_at else None
            seconds = str(int(took.total_seconds())) if took is not None and took.total_seconds() > 0 else ""
            numbered: dict[str, int] = {}
            for s in sets:
                label = LABELS.get(s.set_type)
                if label is None:
                    label = str(numbered.setdefault(s.slug, 0) + 1)
                    numbered[s.slug] += 1
                writer.writerow([
                    count, date, workout.name or "", seconds, s.name, label, weight_in(s, unit),
                    "" if s.reps is None else s.reps, number(s.rpe, 1), number(s.distance_m, 3),
                    "" if s.duration_s is None else s.duration_s, s.notes or "", workout.notes or "",
                ])  # fmt: skip
        yield _drain(buf)


def _drain(buf: io.StringIO) -> str:
    text = buf.getvalue()
    buf.seek(0)
    buf.truncate()
    return text


def _when(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat()


async def workouts_json(spotter: Spotter, user_id: uuid.UUID) -> AsyncIterator[str]:
    await _lifter(spotter, user_id)
    yield '{"exported_at": ' + json.dumps(_when(datetime.now(UTC))) + ', "workouts": ['
    first = True
    async for page in _pages(spotter, user_id, cancelled=True):
        parts = []
        for workout, sets in page:
            parts.append(json.dumps(_workout(workout, sets), ensure_ascii=False))
        if parts:
            yield ("" if first else ", ") + ", ".join(parts)
            first = False
    yield "]}"


def _workout(w: Any, sets: list[Any]) -> dict[str, Any]:
    return {
        "id": str(w.id),
        "name": w.name,
        "status": w.status,
        "started_at": _when(w.started_at),
        "completed_at": _when(w.completed_at),
        "notes": w.notes,
        "source": w.source,
        "sets": [
            {
                "position": s.position,
                "exercise": s.slug,
                "exercise_name": s.name,
                "set_type": s.set_type,
                "reps": s.reps,
                "weight": s.weight,
                "unit": s.unit,
                "weight_kg": s.weight_kg,
                "rpe": s.rpe,
                "rir": s.rir,
                "duration_s": s.duration_s,
                "distance_m": s.distance_m,
                "notes": s.notes,
                "completed_at": _when(s.completed_at),
            }
            for s in sets
        ],
    }
