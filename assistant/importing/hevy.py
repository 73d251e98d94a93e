"""Hevy's CSV export, read.

`"title","start_time","end_time","description","exercise_title","superset_id","exercise_notes",
"set_index","set_type","weight_kg","reps","distance_km","duration_seconds","rpe"`: commas, one row
per set, times as "26 Jul 2025, 07:06" on the lifter's clock. An account in pounds and miles writes
`weight_lbs` and `distance_miles` instead. `set_type` is normal, warmup, dropset or failure;
`exercise_notes` repeats on every set of the exercise (kept once, on its first set); `description`
is the workout's note.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from assistant.importing.rows import (
    ImportedSet,
    ImportedWorkout,
    ParsedExport,
    bad_file,
    distance_in_m,
    local_time,
    number,
    records,
    whole,
)

FORMAT = "hevy"
REQUIRED = ("title", "start_time", "exercise_title", "set_index", "set_type", "reps")
WEIGHTS = {"weight_kg": "kg", "weight_lbs": "lb", "weight_lb": "lb"}
DISTANCES = {"distance_km": "km", "distance_miles": "mi", "distance_mi": "mi", "distance_meters": "m"}
TIME_FORMATS = ("%d %b %Y, %H:%M", "%d %B %Y, %H:%M", "%d %b %Y %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M")
KINDS = {"normal": "normal", "warmup": "warmup", "dropset": "drop", "failure": "failure"}


def is_hevy(names: list[str]) -> bool:
    lower = {n.lower() for n in names}
    return "exercise_title" in lower and "start_time" in lower


def check_header(names: list[str]) -> None:
    lower = {n.lower() for n in names}
    missing = [n for n in REQUIRED if n not in lower]
    if not lower & WEIGHTS.keys():
        missing.append("weight_kg or weight_lbs")
    if missing:
        raise bad_file(f"Not a Hevy export: the header lacks {', '.join(missing)}", "file")


def read(text: str, delimiter: str, zone: ZoneInfo, default_unit: str) -> ParsedExport:
    out = ParsedExport(FORMAT)
    workouts: dict[str, ImportedWorkout] = {}
    counts: dict[tuple[str, str], int] = {}
    noted: dict[tuple[str, str], str] = {}
    for line, row in records(text, delimiter):
        out.rows += 1
        started = local_time(row.get("start_time", ""), TIME_FORMATS, zone)
        if started is None:
            out.skip(line, f"unreadable start_time {row.get('start_time', '')!r}")
            continue
        name = row.get("title") or None
        key = f"{row.get('start_time', '').strip()}|{name or ''}"
        workout = workouts.get(key)
        if workout is None:
            end = local_time(row.get("end_time", ""), TIME_FORMATS, zone)
            workout = workouts[key] = ImportedWorkout(key, name, started, end if end and end >= started else None)
        workout.notes = workout.notes or row.get("description") or None
        exercise = row.get("exercise_title", "").strip()
        if not exercise:
            out.skip(line, "no exercise_title")
            continue
        label = row.get("set_type", "").strip().lower() or "normal"
        kind = KINDS.get(label)
        if kind is None:
            out.note(line, f"set_type {label!r} read as a normal set")
            kind = "normal"
        ordinal = counts[(key, exercise)] = counts.get((key, exercise), 0) + 1
        found = _set(out, line, row, exercise, ordinal, kind)
        if found is None:
            continue
        note = row.get("exercise_notes", "").strip()
        if note and noted.get((key, exercise)) != note:
            noted[(key, exercise)] = note
            found.notes = note
        workout.sets.append(found)
    out.workouts = sorted(workouts.values(), key=lambda w: w.started_at)
    return out


def _set(
    out: ParsedExport, line: int, row: dict[str, str], exercise: str, ordinal: int, kind: str
) -> ImportedSet | None:
    weight_col = next(n for n in WEIGHTS if n in row)
    distance_col = next((n for n in DISTANCES if n in row), None)
    try:
        weight = number(row.get(weight_col, ""))
        reps = whole(row.get("reps", ""))
        rpe = number(row.get("rpe", ""))
        held = number(row.get("duration_seconds", ""))
        distance = number(row.get(distance_col, "")) if distance_col else None
    except ValueError as exc:
        out.skip(line, f"a number is not readable ({exc})")
        return None
    found = ImportedSet(
        row=line,
        exercise=exercise,
        ordinal=ordinal,
        set_type=kind,
        reps=reps,
        weight=weight if weight else None,
        unit=WEIGHTS[weight_col],
        duration_s=round(held) if held else None,
        distance_m=distance_in_m(distance, DISTANCES[distance_col]) if distance_col else None,
    )
    if rpe:
        if 1 <= rpe <= 10:
            found.rpe = rpe
        else:
            out.note(line, f"RPE {rpe:g} is outside 1-10 and was left out")
    return found
