"""Strong's CSV export: its layouts, read (import) and written (GET /export/workouts.csv).

Strong 6 writes `"Workout #";"Date";"Workout Name";"Duration (sec)";"Exercise Name";"Set Order";
"Weight (kg)";"Reps";"RPE";"Distance (meters)";"Seconds";"Notes";"Workout Notes"`, semicolons, every
field quoted, the weight's unit in its header ("Weight (kg)" or "Weight (lbs)"). Older versions wrote
commas, `Duration` as "1h 5m" and a bare `Weight` (in the app's unit: the lifter's, or `unit` given),
or a `Weight Unit` and `Distance Unit` per row. Every layout is read by its header's names.

One row per set. `Set Order` is the set's number, or W (warm-up), D (drop set), F (failure); a `Rest
Timer` row is a rest, not a set (counted, not imported); a `Note` row is a note on the exercise (kept
on its first set in that workout). Times are the lifter's wall clock, read in their time zone.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from assistant.importing.rows import (
    ImportedSet,
    ImportedWorkout,
    ParsedExport,
    bad_file,
    distance_in_m,
    ended,
    local_time,
    number,
    records,
    seconds,
    whole,
)

FORMAT = "strong"
REQUIRED = ("date", "workout name", "exercise name", "set order", "reps")
WEIGHTS: dict[str, str | None] = {"weight (kg)": "kg", "weight (kgs)": "kg", "weight (lbs)": "lb", "weight (lb)": "lb"}
WEIGHTS["weight"] = None  # the lifter's unit, or a Weight Unit column's
DISTANCES: dict[str, str | None] = {"distance (meters)": "m", "distance (m)": "m", "distance (km)": "km"}
DISTANCES |= {"distance (miles)": "mi", "distance (mi)": "mi", "distance": None}
DURATIONS = ("duration (sec)", "duration", "workout duration")
DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %I:%M:%S %p", "%Y-%m-%d %I:%M %p", "%Y-%m-%d")
KINDS = {"w": "warmup", "d": "drop", "f": "failure"}
LABELS = {"warmup": "W", "drop": "D", "failure": "F"}  # set_type -> Set Order, when writing


def is_strong(names: list[str]) -> bool:
    lower = {n.lower() for n in names}
    return "exercise name" in lower and "set order" in lower


def check_header(names: list[str]) -> None:
    """422 naming what a Strong export needs and this header lacks."""
    lower = {n.lower() for n in names}
    missing = [n for n in REQUIRED if n not in lower]
    if not lower & WEIGHTS.keys():
        missing.append("Weight (kg) or Weight (lbs)")
    if missing:
        raise bad_file(f"Not a Strong export: the header lacks {', '.join(missing)}", "file")


def read(text: str, delimiter: str, zone: ZoneInfo, default_unit: str) -> ParsedExport:
    out = ParsedExport(FORMAT)
    workouts: dict[str, ImportedWorkout] = {}
    counts: dict[tuple[str, str], int] = {}
    pending_notes: dict[tuple[str, str], str] = {}
    layout: tuple[str, str | None, str | None, str | None, str | None] | None = None
    for line, row in records(text, delimiter):
        out.rows += 1
        if layout is None:
            layout = _layout(row)
        duration_col = layout[4]
        label = row.get("set order", "").strip().lower()
        if label == "rest timer":
            out.rest_rows += 1
            continue
        started = local_time(row.get("date", ""), DATE_FORMATS, zone)
        if started is None:
            out.skip(line, f"unreadable date {row.get('date', '')!r}")
            continue
        name = row.get("workout name") or None
        key = f"{row.get('date', '').strip()}|{name or ''}"
        workout = workouts.get(key)
        if workout is None:
            duration = seconds(row.get(duration_col, "")) if duration_col else None
            workout = workouts[key] = ImportedWorkout(key, name, started, ended(started, duration))
        workout.notes = workout.notes or row.get("workout notes") or None
        exercise = row.get("exercise name", "").strip()
        if not exercise:
            out.skip(line, "no exercise name")
            continue
        if label == "note":
            _add_note(workout, exercise, row.get("notes", ""), pending_notes)
            continue
        if label.isdigit():
            kind = "normal"
        elif label in KINDS:
            kind = KINDS[label]
        else:
            out.skip(line, f"unknown Set Order {row.get('set order', '')!r}")
            continue
        ordinal = counts[(key, exercise)] = counts.get((key, exercise), 0) + 1
        found = _set(out, line, row, exercise, ordinal, kind, layout, default_unit)
        if found is not None:
            note = pending_notes.pop((key, exercise), None)
            if note:
                found.notes = f"{note}; {found.notes}" if found.notes else note
            workout.sets.append(found)
    out.workouts = sorted(workouts.values(), key=lambda w: w.started_at)
    return out


def _layout(row: dict[str, str]) -> tuple[str, str | None, str | None, str | None, str | None]:
    weight = next(n for n in WEIGHTS if n in row)
    distance = next((n for n in DISTANCES if n in row), None)
    duration = next((n for n in DURATIONS if n in row), None)
    return weight, WEIGHTS[weight], distance, DISTANCES[distance] if distance else None, duration


def _add_note(workout: ImportedWorkout, exercise: str, note: str, pending: dict[tuple[str, str], str]) -> None:
    note = note.strip()
    if not note:
        return
    first = next((s for s in workout.sets if s.exercise == exercise), None)
    if first is None:  # the note came before the exercise's sets
        key = (workout.key, exercise)
        pending[key] = f"{pending[key]}; {note}" if key in pending else note
    else:
        first.notes = f"{first.notes}; {note}" if first.notes else note


def _set(
    out: ParsedExport,
    line: int,
    row: dict[str, str],
    exercise: str,
    ordinal: int,
    kind: str,
    layout: tuple[str, str | None, str | None, str | None, str | None],
    default_unit: str,
) -> ImportedSet | None:
    weight_col, weight_unit, distance_col, distance_unit, _ = layout
    try:
        weight = number(row.get(weight_col, ""))
        reps = whole(row.get("reps", ""))
        rpe = number(row.get("rpe", ""))
        held = number(row.get("seconds", ""))
        distance = number(row.get(distance_col, "")) if distance_col else None
    except ValueError as exc:
        out.skip(line, f"a number is not readable ({exc})")
        return None
    unit = weight_unit or _unit(row.get("weight unit", ""), default_unit)
    if distance_unit is None:
        distance_unit = row.get("distance unit", "") or ("km" if default_unit == "kg" else "mi")
    found = ImportedSet(
        row=line,
        exercise=exercise,
        ordinal=ordinal,
        set_type=kind,
        reps=reps,
        weight=weight if weight else None,
        unit=unit,
        duration_s=round(held) if held else None,
        distance_m=distance_in_m(distance, distance_unit),
        notes=row.get("notes") or None,
    )
    if rpe:
        if 1 <= rpe <= 10:
            found.rpe = rpe
        else:
            out.note(line, f"RPE {rpe:g} is outside 1-10 and was left out")
    return found


def _unit(text: str, default: str) -> str:
    text = text.strip().lower()
    return "lb" if text.startswith(("lb", "pound")) else "kg" if text.startswith("kg") else default
