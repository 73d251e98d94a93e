"""Short replies a lifter takes in at a glance: "Bench 3×8 at 135 lb." in the user's units."""

from __future__ import annotations

from domain.models import WorkoutSet
from domain.units import KG_PER_LB, e1rm

HELP = (
    "Say or type things like: 'bench 3 sets of 8 at 135', 'squat 2 plates for 5', 'same again', "
    "'make that 140', 'scratch that', 'rest 2 minutes', 'what's my squat PR', 'finish workout'."
)
UNKNOWN = "Sorry, I didn't catch that. Try 'bench 135 for 8'."


def number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def load(weight: float | None, unit: str | None) -> str:
    return f"{number(weight)} {unit or ''}".strip()


def in_unit(weight_kg: float | None, unit: str) -> str:
    if weight_kg is None:
        return ""
    value = weight_kg / KG_PER_LB if unit == "lb" else weight_kg
    return f"{round(value * 2) / 2:g} {unit}"


def e1rm_text(weight: float, reps: int) -> str:
    return f" (e1RM {round(e1rm(weight, reps)):d})" if reps > 1 else ""


def short_name(name: str) -> str:
    return name.split(" (")[0]


def describe_sets(rows: list[WorkoutSet]) -> str:
    """'Bench Press 3×8 at 135 lb' for one logged batch."""
    first = rows[0]
    name = short_name(first.exercise.name) if first.exercise else "Set"
    count = len(rows)
    if first.reps is not None:
        shape = f"{count}×{first.reps}" if count > 1 else f"{first.reps} reps" if first.reps != 1 else "1 rep"
    elif first.duration_s is not None:
        minutes, seconds = divmod(first.duration_s, 60)
        shape = f"{minutes}:{seconds:02d}"
    else:
        shape = f"{count} set" + ("s" if count > 1 else "")
    text = f"{name} {shape}"
    if first.distance_m:
        text += f", {first.distance_m / 1000:g} km"
    if first.weight is not None:
        text += (" plus " if first.added_weight else " at ") + load(first.weight, first.unit)
    elif first.bodyweight:
        text += " bodyweight"
    if first.rpe is not None:
        text += f", RPE {number(first.rpe)}"
    return text


def summary(sets: list[WorkoutSet], *, most: int = 4) -> str:
    """'7 sets: Back Squat 3×5 at 225 lb, Bench Press 8 reps at 135 lb and 2 more.' in logging order."""
    batches: list[list[WorkoutSet]] = []
    for row in sets:
        if batches and row.batch_id is not None and batches[-1][0].batch_id == row.batch_id:
            batches[-1].append(row)
        else:
            batches.append([row])
    shown = [describe_sets(batch) for batch in batches[:most]]
    if len(batches) > most:
        shown[-1] += f" and {len(batches) - most} more"
    elif len(shown) > 1:
        shown[-2:] = [f"{shown[-2]} and {shown[-1]}"]
    count = f"{len(sets)} set" + ("s" if len(sets) != 1 else "")
    return f"{count}: " + ", ".join(shown) + "."


METRIC_NAMES = {
    "body_weight": "Body weight",
    "body_fat": "Body fat",
    "resting_heart_rate": "Resting heart rate",
    "sleep_hours": "Sleep",
    "water_ml": "Water",
    "steps": "Steps",
}


def metric(name: str, value: float, unit: str | None) -> str:
    shown = {"%": f"{number(value)}%", "h": f"{number(value)} h", "ml": f"{number(value)} ml"}.get(unit or "")
    return f"{METRIC_NAMES.get(name, name)}: {shown or load(value, unit)} logged."


def rest(seconds: int) -> str:
    minutes, secs = divmod(seconds, 60)
    return f"Rest {minutes}:{secs:02d}. Go when it's up."


SPOKEN = (("×", " by "), (" lb", " pounds"), (" kg", " kilos"), ("e1RM", "estimated max"), ("RPE", "R P E"))


def for_speech(text: str) -> str:
    """The same reply, worded for a voice: "3×8 at 135 lb" -> "3 by 8 at 135 pounds"."""
    for written, said in SPOKEN:
        text = text.replace(written, said)
    return text
