"""Realistic Strong and Hevy CSV exports, made at test time (and by benchmarks/import.py).

`history()` trains a lifter for some years: four sessions a week (push, pull, legs, upper) of the
names those apps use ("Bench Press (Barbell)"), loads that grow, one or two warm-ups before the main
lifts, a drop set now and then, a timed plank, a run with its distance, notes on some sets and
workouts, and two lifts no catalog has. The writers lay it out as each app does:

- `strong_csv(..., layout="strong6")`: Strong 6, semicolons, every field quoted, `Weight (kg)` or
  `Weight (lbs)`, `Duration (sec)`, warm-ups as `W`, drop sets as `D`, a `Rest Timer` row after
  most working sets, a `Note` row for an exercise note;
- `strong_csv(..., layout="legacy")`: older Strong, commas, `Duration` as "1h 5m", a bare `Weight`;
- `hevy_csv(...)`: Hevy, `weight_kg` or `weight_lbs`, times as "26 Jul 2025, 07:06".

Five years is about 30,000 rows.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

KG_PER_LB = 0.45359237
UNMATCHED = ("Copenhagen Plank Hold", "Sissy Squat Thing (Machine)")  # no catalog has these
# (name, start kg, kg gained a year, warm-ups, working sets, reps)
DAYS: dict[str, list[tuple[str, float, float, int, int, int]]] = {
    "Push": [
        ("Bench Press (Barbell)", 60, 10, 2, 4, 5),
        ("Overhead Press (Barbell)", 35, 5, 1, 3, 6),
        ("Incline Bench Press (Dumbbell)", 20, 3, 0, 3, 10),
        ("Lateral Raise (Dumbbell)", 8, 1, 0, 3, 15),
        ("Triceps Pushdown (Cable - Straight Bar)", 25, 3, 0, 3, 12),
    ],
    "Pull": [
        ("Deadlift (Barbell)", 100, 15, 2, 3, 5),
        ("Pull Up", 0, 0, 0, 3, 8),
        ("Bent Over Row (Barbell)", 50, 7, 1, 3, 8),
        ("Bicep Curl (Dumbbell)", 12, 1.5, 0, 3, 12),
        ("Face Pull (Cable)", 20, 2, 0, 3, 15),
    ],
    "Legs": [
        ("Squat (Barbell)", 80, 12, 2, 4, 5),
        ("Romanian Deadlift (Barbell)", 70, 8, 1, 3, 8),
        ("Leg Press", 120, 15, 0, 3, 12),
        ("Lying Leg Curl (Machine)", 35, 4, 0, 3, 12),
        (UNMATCHED[1], 40, 4, 0, 3, 15),
        ("Plank", 0, 0, 0, 2, 0),
    ],
    "Upper": [
        ("Bench Press (Dumbbell)", 24, 3, 1, 3, 10),
        ("Lat Pulldown (Cable)", 50, 6, 0, 3, 10),
        ("Seated Row (Cable)", 50, 6, 0, 3, 10),
        (UNMATCHED[0], 0, 0, 0, 2, 0),
        ("Running", 0, 0, 0, 1, 0),
    ],
}
TIMED = {"Plank": 60, UNMATCHED[0]: 30}


@dataclass
class Lift:
    kind: str  # normal, warmup, drop
    weight_kg: float | None
    reps: int | None
    rpe: float | None = None
    seconds: int | None = None
    distance_m: float | None = None
    note: str | None = None


@dataclass
class Session:
    started: datetime  # the lifter's wall clock
    name: str
    duration_s: int
    notes: str | None = None
    exercises: list[tuple[str, list[Lift]]] = field(default_factory=list)
    exercise_notes: dict[str, str] = field(default_factory=dict)

    def rows(self) -> int:
        return sum(len(sets) for _, sets in self.exercises)


def history(years: float = 5, per_week: int = 4, seed: int = 7, start: datetime | None = None) -> list[Session]:
    rnd = random.Random(seed)
    first = start or datetime(2020, 1, 6, 7, 0)
    weeks = int(years * 52)
    out = []
    for week in range(weeks):
        for day, (name, lifts) in enumerate(list(DAYS.items())[:per_week]):
            began = first + timedelta(weeks=week, days=day * 2 if day < 3 else 5, minutes=rnd.randint(-40, 90))
            session = Session(began, name, rnd.randint(2700, 5400))
            if rnd.random() < 0.1:
                session.notes = rnd.choice(["felt strong", "slept badly; short session", "new gym, different bar"])
            for lift, base, gain, warmups, working, reps in lifts:
                load = _round(base + gain * week / 52 + rnd.choice([0, 0, 2.5, -2.5]))
                session.exercises.append((lift, _sets(rnd, lift, load, warmups, working, reps)))
                if rnd.random() < 0.03:
                    session.exercise_notes[lift] = "seat at 4"
            out.append(session)
    return out


def _round(kg: float) -> float:
    return max(0.0, round(kg / 2.5) * 2.5)


def _sets(rnd: random.Random, lift: str, load: float, warmups: int, working: int, reps: int) -> list[Lift]:
    if lift == "Running":
        km = rnd.choice([3.0, 5.0, 5.0, 8.0])
        return [Lift("normal", None, None, seconds=int(km * rnd.randint(290, 360)), distance_m=km * 1000)]
    if lift in TIMED:
        return [Lift("normal", None, None, seconds=TIMED[lift] + 5 * i) for i in range(working)]
    sets = [Lift("warmup", _round(load * (0.4 + 0.2 * i)) or None, 8 - 3 * i) for i in range(warmups)]
    for i in range(working):
        rpe = rnd.choice([None, None, 7.0, 8.0, 8.5, 9.0]) if i == working - 1 else None
        sets.append(Lift("normal", load or None, max(1, reps - (i == working - 1) * rnd.randint(0, 2)), rpe))
    if load and rnd.random() < 0.08:
        sets.append(Lift("drop", _round(load * 0.7), reps + 4))
    if rnd.random() < 0.05:
        sets[-1].note = rnd.choice(["grinder", "belt", "paused reps; felt good"])
    return sets


def _weight(kg: float | None, unit: str) -> str:
    if kg is None:
        return "0"
    value = kg if unit == "kg" else round(kg / KG_PER_LB / 5) * 5
    return f"{value:g}"


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


STRONG6 = [
    "Workout #", "Date", "Workout Name", "Duration (sec)", "Exercise Name", "Set Order",
    "WEIGHT", "Reps", "RPE", "Distance (meters)", "Seconds", "Notes", "Workout Notes",
]  # fmt: skip
LEGACY = [
    "Date", "Workout Name", "Duration", "Exercise Name", "Set Order", "Weight", "Reps", "Distance",
    "Seconds", "Notes", "Workout Notes", "RPE",
]  # fmt: skip
HEVY = [
    "title", "start_time", "end_time", "description", "exercise_title", "superset_id", "exercise_notes",
    "set_index", "set_type", "WEIGHT", "reps", "DISTANCE", "duration_seconds", "rpe",
]  # fmt: skip


def strong_csv(sessions: list[Session], unit: str = "kg", layout: str = "strong6") -> str:
    buf = io.StringIO()
    if layout == "legacy":
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(LEGACY)
    else:
        writer = csv.writer(buf, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writerow([("Weight (kg)" if unit == "kg" else "Weight (lbs)") if c == "WEIGHT" else c for c in STRONG6])
    for number, s in enumerate(sessions, start=1):
        date = s.started.strftime("%Y-%m-%d %H:%M:%S")
        minutes = s.duration_s // 60
        for lift, sets in s.exercises:
            order = 0
            if layout != "legacy" and lift in s.exercise_notes:
                writer.writerow(
                    [number, date, s.name, s.duration_s, lift, "Note", "", "", "", "", "", s.exercise_notes[lift], ""]
                )
            for x in sets:
                label = {"warmup": "W", "drop": "D"}.get(x.kind)
                if label is None:
                    order += 1
                    label = str(order)
                if layout == "legacy":
                    duration = f"{minutes // 60}h {minutes % 60}m" if minutes >= 60 else f"{minutes}m"
                    km = "" if x.distance_m is None else f"{x.distance_m / 1000:g}"
                    writer.writerow([
                        date, s.name, duration, lift, label, _weight(x.weight_kg, unit), x.reps or 0, km or 0,
                        x.seconds or 0, x.note or "", s.notes or "", _num(x.rpe),
                    ])  # fmt: skip
                    continue
                writer.writerow([
                    number, date, s.name, s.duration_s, lift, label, _weight(x.weight_kg, unit), x.reps or 0,
                    _num(x.rpe), _num(x.distance_m), x.seconds or "", x.note or "", s.notes or "",
                ])  # fmt: skip
                if x.kind == "normal" and x.weight_kg:
                    writer.writerow([number, date, s.name, s.duration_s, lift, "Rest Timer", 0, 0, "", "", 120, "", ""])
    return buf.getvalue()


def hevy_csv(sessions: list[Session], unit: str = "kg") -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\n")
    weight, distance = ("weight_kg", "distance_km") if unit == "kg" else ("weight_lbs", "distance_miles")
    writer.writerow([weight if c == "WEIGHT" else distance if c == "DISTANCE" else c for c in HEVY])
    for s in sessions:
        start = s.started.strftime("%d %b %Y, %H:%M")
        end = (s.started + timedelta(seconds=s.duration_s)).strftime("%d %b %Y, %H:%M")
        for lift, sets in s.exercises:
            note = s.exercise_notes.get(lift, "")
            for index, x in enumerate(sets):
                km = None if x.distance_m is None else x.distance_m / 1000
                far = _num(km if unit == "kg" or km is None else round(km / 1.609344, 3))
                kind = {"drop": "dropset"}.get(x.kind, x.kind)
                load = "" if x.weight_kg is None else _weight(x.weight_kg, unit)
                writer.writerow([
                    s.name, start, end, s.notes or "", lift, "", note, index, kind, load,
                    "" if x.reps is None else x.reps, far, x.seconds or "", _num(x.rpe),
                ])  # fmt: skip
    return buf.getvalue()


def working_sets(sessions: list[Session]) -> int:
    return sum(1 for s in sessions for _, sets in s.exercises for x in sets if x.kind != "warmup")


def all_sets(sessions: list[Session]) -> int:
    return sum(s.rows() for s in sessions)
