"""The import job: an export read, its names mapped, its workouts written in batches, oldest first.

Args: `timezone` (IANA; the lifter's if absent) and `unit` (kg or lb, for a Strong file whose weight
column names no unit; the lifter's if absent); the payload is the file's text. Every workout and set
gets a client id made from the file (the workout's local start and name; the set's exercise and its
place among that exercise's sets), so a second import of the same file finds them all and changes
nothing. A set's time is spread over its workout (Strong and Hevy keep only the workout's start and
end), in the file's order. Progress: reading, names, then each batch written.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections import Counter
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from assistant import importing
from assistant.importing.names import Matcher, kind_of
from assistant.importing.rows import ImportedWorkout, ParsedExport
from assistant.jobs.context import JobContext
from domain import commands as c
from domain import queries
from domain.catalog.normalize import key, slugify
from domain.errors import Conflict, Invalid, NotFound
from domain.handlers.imports import WorkoutsImported
from domain.models import Exercise

BATCH_WORKOUTS, BATCH_SETS = 50, 2000
NAME_MAX = 200  # an exercise's name in the store


def _digest(text: str, n: int) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:n]


def workout_client_id(fmt: str, workout: ImportedWorkout) -> str:
    return f"{fmt}:{_digest(workout.key, 24)}"


def set_times(workout: ImportedWorkout) -> list[datetime]:
    """Each set's time: spread evenly up to the workout's end (the last set at its end), or its start."""
    n, start, end = len(workout.sets), workout.started_at, workout.ended_at
    if end is None or n == 0:
        return [start] * n
    return [start + (end - start) * (i + 1) / n for i in range(n)]


async def run(ctx: JobContext) -> dict[str, Any]:
    spotter = ctx.spotter
    async with spotter.reader() as uow:
        user = await queries.user(uow, ctx.user_id)
        own = await queries.custom_exercises(uow, ctx.user_id)
    if user is None:
        raise NotFound("The account this import was for no longer exists")
    zone = ZoneInfo(str(ctx.args.get("timezone") or user.timezone or "UTC"))
    unit = str(ctx.args.get("unit") or user.unit_pref or "lb")
    await ctx.report(0.01, "reading the file", now=True)
    parsed = await asyncio.to_thread(importing.read, ctx.payload or "", zone, unit)
    sets_total = sum(len(w.sets) for w in parsed.workouts)
    await ctx.report(0.05, f"read {parsed.rows} rows: {len(parsed.workouts)} workouts, {sets_total} sets", now=True)
    ids, unmatched = await _exercises(ctx, parsed, own)
    await ctx.report(0.1, "exercises matched", now=True)
    done = WorkoutsImported(0, 0, 0, 0)
    written = 0
    for batch in _batches(parsed.workouts):
        entries = tuple(_entry(parsed.format, w, ids) for w in batch)
        got: WorkoutsImported = await spotter.bus.handle(c.ImportWorkouts(ctx.user_id, entries))
        done = WorkoutsImported(*(a + b for a, b in zip(_counts(done), _counts(got), strict=True)))
        written += len(batch)
        await ctx.report(
            0.1 + 0.9 * written / max(len(parsed.workouts), 1), f"{written} of {len(parsed.workouts)} workouts"
        )
    return _summary(parsed, done, unmatched, ids)


def _counts(found: WorkoutsImported) -> tuple[int, int, int, int]:
    return found.workouts_created, found.workouts_existing, found.sets_created, found.sets_existing


def _batches(workouts: list[ImportedWorkout]) -> list[list[ImportedWorkout]]:
    out: list[list[ImportedWorkout]] = [[]]
    sets = 0
    for w in workouts:
        if out[-1] and (len(out[-1]) >= BATCH_WORKOUTS or sets + len(w.sets) > BATCH_SETS):
            out.append([])
            sets = 0
        out[-1].append(w)
        sets += len(w.sets)
    return [b for b in out if b]


async def _exercises(
    ctx: JobContext, parsed: ParsedExport, own: list[Exercise]
) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    """{name in the file: exercise id}, and the names not in the catalog: each imported under the
    lifter's own exercise of that name, made now if it is not there yet."""
    spotter = ctx.spotter
    mine = {key(e.name): e for e in own}
    matcher = Matcher(spotter.index, {k: e.slug for k, e in mine.items()})
    sets_of = Counter(s.exercise for w in parsed.workouts for s in w.sets)
    timed = {s.exercise for w in parsed.workouts for s in w.sets if s.weight is None and (s.duration_s or s.distance_m)}
    ids: dict[str, str] = {}
    unmatched: dict[str, dict[str, Any]] = {}
    for name in sets_of:
        found = matcher.match(name)
        if found.slug is not None and not found.own and found.slug in spotter.catalog:
            ids[name] = str(spotter.catalog[found.slug].id)
            continue
        exercise = mine.get(key(name))
        created = exercise is None
        if exercise is None:
            exercise = mine[key(name)] = await _own_exercise(ctx, name, kind_of(name, name in timed))
        ids[name] = str(exercise.id)
        unmatched[name] = {"name": name, "exercise": exercise.slug, "created": created, "sets": sets_of[name]}
    return ids, unmatched


async def _own_exercise(ctx: JobContext, name: str, kind: str) -> Exercise:
    title = name[:NAME_MAX]
    try:
        made: Exercise = await ctx.spotter.bus.handle(c.CreateExercise(ctx.user_id, title, kind=kind))
        return made
    except Conflict:  # one of the same slug is there (made by an earlier try of this job)
        async with ctx.spotter.reader() as uow:
            found = await queries.exercise(uow, ctx.user_id, slugify(title))
        if found is None or found.owner_id != ctx.user_id:
            raise
        return found
    except Invalid as exc:  # a name without letters or digits: not an exercise anyone can find
        raise Invalid(f"Exercise name {name!r} cannot be used: {exc.message}", exc.details) from exc


def _entry(fmt: str, workout: ImportedWorkout, ids: dict[str, str]) -> c.WorkoutEntry:
    client_id = workout_client_id(fmt, workout)
    sets = tuple(
        c.SetEntry(
            exercise=ids[s.exercise],
            reps=s.reps,
            weight=s.weight,
            unit=s.unit if s.weight is not None else None,
            rpe=s.rpe,
            set_type=s.set_type,
            duration_s=s.duration_s,
            distance_m=s.distance_m,
            notes=s.notes,
            client_id=f"{client_id}:{_digest(s.exercise, 8)}:{s.ordinal}",
            completed_at=at,
        )
        for s, at in zip(workout.sets, set_times(workout), strict=True)
    )
    return c.WorkoutEntry(
        client_id=client_id,
        name=(workout.name or "")[:NAME_MAX] or None,
        status="completed",
        started_at=workout.started_at,
        completed_at=workout.ended_at or workout.started_at,
        notes=workout.notes,
        sets=sets,
    )


def _summary(
    parsed: ParsedExport, done: WorkoutsImported, unmatched: dict[str, dict[str, Any]], ids: dict[str, str]
) -> dict[str, Any]:
    return {
        "format": parsed.format,
        "rows": parsed.rows,
        "workouts_imported": done.workouts_created,
        "workouts_already_imported": done.workouts_existing,
        "sets_imported": done.sets_created,
        "sets_already_imported": done.sets_existing,
        "warmup_sets": sum(1 for w in parsed.workouts for s in w.sets if s.set_type == "warmup"),
        "rest_rows": parsed.rest_rows,
        "rows_skipped": parsed.skipped_count,
        "skipped": [{"row": i.row, "reason": i.message} for i in parsed.skipped],
        "notes": [{"row": i.row, "note": i.message} for i in parsed.notes],
        "exercises_matched": len(ids) - len(unmatched),
        "unmatched": sorted(unmatched.values(), key=lambda u: -int(u["sets"])),
    }
