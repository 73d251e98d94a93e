"""Drafts -> LogSets commands: bare numbers placed, plates and bars weighed, sanity checked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from intents.commands import Clarification, LogSets
from intents.exercises import ExerciseResolver
from intents.slots import Draft

LB_PER_KG = 2.20462
# Heaviest plausible load (kg) by kind of exercise; beyond it the parser asks instead of logging.
MAX_LOAD_KG = {
    "barbell": 500.0,
    "dumbbell": 120.0,
    "kettlebell": 100.0,
    "machine": 700.0,
    "cable": 250.0,
    "bodyweight": 200.0,
    "band": 100.0,
    "cardio": 100.0,
    "other": 700.0,
    "unknown": 500.0,
}
BARBELL_KINDS = {"barbell", "unknown"}
SPLIT_DECIMAL_KINDS = {"barbell", "machine"}
LB_PER_KG = 2.20462
KETTLEBELL_KG = {4.0, 6.0, 8.0, 10.0, 12.0, 14.0, 16.0, 18.0, 20.0, 24.0, 28.0, 32.0, 36.0, 40.0, 48.0}
UNREAD_PENALTY = 0.85  # a log with words the grammar had no use for (a misheard unit or number?) is less sure
LOAD_KINDS = {"barbell", "dumbbell", "kettlebell", "machine", "cable"}  # where "30s" is a weight, not a time


@dataclass
class LogContext:
    unit_pref: str | None = None  # the user's preference: how unsaid units are read
    bar_weight: float | None = None  # in the user's unit
    exercise: str | None = None  # the current exercise, from the conversation
    last: dict[str, Any] | None = None  # the last set logged: {"reps", "weight", "unit"}


@dataclass
class Finalized:
    command: LogSets
    clarification: Clarification | None
    confidence: float
    more_reps: tuple[int, ...] = ()  # further sets at the same load, with these rep counts


def _is_kg(d: Draft, ctx: LogContext) -> bool:
    return d.unit == "kg" or (d.unit is None and ctx.unit_pref == "kg")


def _plates_weight(d: Draft, kind: str, ctx: LogContext) -> float:
    kg = _is_kg(d, ctx)
    plate = 20.0 if kg else 45.0
    bar = ctx.bar_weight or (20.0 if kg else 45.0)
    extra = 0.0 if kg else d.plate_extra
    base = bar if kind in BARBELL_KINDS else 0.0
    return base + 2 * (d.plates or 0) * plate + 2 * extra


def _leading_rep_list(d: Draft) -> bool:
    """ "squat 8, 8 and 6 at 185": two or more rep counts said before the last one and its load."""
    before = d.bare[: d.bare_before_reps or 0]
    return (
        len(before) >= 2
        and d.reps is not None
        and d.loaded()
        and all(t.num is not None and float(t.num).is_integer() and 1 <= t.num <= 30 for t in before)
    )


def _place_bare(d: Draft, kind: str) -> None:
    if _leading_rep_list(d):
        counts = [int(t.num or 0) for t in d.bare[: d.bare_before_reps]] + [d.reps or 0]
        d.reps, d.more_reps = counts[0], counts[1:] + d.more_reps
        d.bare = d.bare[d.bare_before_reps or 0 :]
        d.bare_before_reps = 0
    for position, tok in enumerate(d.bare):
        # a number said after the reps may start a list of rep counts ("for 5, 5, 4"); one said before may not
        listed = d.bare_before_reps is None or position >= d.bare_before_reps
        value = tok.num
        if value is None:
            continue
        whole = float(value).is_integer()
        if kind == "cardio":
            continue
        # "did 25 lunges": the one number said before the name of a lift without a barbell is its count
        counted_first = len(d.bare) == 1 and d.bare_before_exercise == 1 and kind not in BARBELL_KINDS | {"machine"}
        if d.reps is None and d.weight is None:
            if (kind == "bodyweight" and whole and value <= 200) or (
                whole and not d.loaded() and (value <= 20 or (counted_first and value <= 50))
            ):
                d.reps = int(value)
            else:
                d.weight, d.weight_raw = value, tok.raw
        elif d.reps is None:
            if whole and value <= 200:
                d.reps = int(value)
        elif listed and kind == "bodyweight" and whole and 0 < value <= 100 and not d.added_weight:
            d.more_reps.append(int(value))  # "pull-ups: 10, 8, 6": a set each
        elif not d.loaded():
            d.weight, d.weight_raw = value, tok.raw
        elif listed and whole and 0 < value <= 30:
            d.more_reps.append(int(value))  # "squat 225 for 5, 5, 4": more sets at that load


def _split_decimal(raw: str) -> bool:
    """ "2.25" as speech-to-text writes "two twenty five"."""
    return len(raw) == 4 and raw[0].isdigit() and raw[1] == "." and raw[2:].isdigit()


def _fits(d: Draft, kind: str) -> bool:
    """Whether words without a lift can mean the current one: never when they name something the
    grammar does not know ("rode ...", a lift not in the catalog), nor a distance or a time for a lift
    that is counted in reps and load."""
    if d.unread:
        return False
    if d.distance is not None and kind != "cardio":
        return False
    return not (d.duration_s is not None and d.reps is None and kind in LOAD_KINDS)


def finalize(d: Draft, carried: str | None, resolver: ExerciseResolver, ctx: LogContext) -> Finalized:
    current = ctx.exercise if ctx.exercise and _fits(d, resolver.kind(ctx.exercise)) else None
    slug = d.exercise or (None if d.ambiguous else carried or current)
    kind = resolver.kind(slug)

    clarification: Clarification | None = None
    if d.seconds_or_size is not None and kind in LOAD_KINDS and not d.loaded():
        d.weight, d.weight_raw, d.duration_s = d.seconds_or_size, str(d.seconds_or_size), None  # "80s for 8"
    _place_bare(d, kind)
    from_context = d.exercise is None and carried is None and slug is not None
    unloaded = not d.loaded() and kind != "bodyweight"
    # the set before is the current lift's: its reps and load carry to that lift only ("2 more deadlift"
    # after sumo deadlifts is not the sumo's 140 kg)
    last = ctx.last if slug is not None and slug == ctx.exercise else None
    last_weight = last.get("weight") if last else None
    if d.delta is not None and unloaded and last_weight is not None:  # "add 10 pounds": the last load and 10
        last_unit = (last or {}).get("unit") or ctx.unit_pref
        delta = d.delta
        if d.unit and d.unit != last_unit:  # "add 5 kilos" to a load in pounds
            delta *= LB_PER_KG if last_unit == "lb" else 1 / LB_PER_KG
        d.weight, d.weight_raw, d.unit = round(float(last_weight) + delta, 2), "", last_unit
        unloaded = False
    again = d.again or d.delta is not None
    if again and d.reps is None and d.duration_s is None and last and last.get("reps"):
        d.reps = int(last["reps"])  # "another set at 235": as many reps as the last one
    if last and last_weight is not None and unloaded and (d.same_load or d.again or from_context):
        # "another set of 8", "same weight for 6": the load of the set before
        d.weight, d.weight_raw = float(last["weight"]), str(last["weight"])
        d.unit = d.unit or last.get("unit")
    weight = d.weight
    if weight is None and d.plates is not None:
        weight = _plates_weight(d, kind, ctx)
    elif weight is None and d.bar_plus is not None:
        load, per_side = d.bar_plus
        weight = (ctx.bar_weight or (20.0 if _is_kg(d, ctx) else 45.0)) + (2 * load if per_side else load)
    elif weight is None and d.bar:
        weight = ctx.bar_weight or (20.0 if _is_kg(d, ctx) else 45.0)
    elif weight is not None and kind in SPLIT_DECIMAL_KINDS and _split_decimal(d.weight_raw) and weight < 10:
        weight = round(weight * 100)
    distance, unit = d.distance, d.unit
    if distance is not None and d.distance_is_k and kind not in ("cardio", "unknown") and weight is None:
        weight, distance, unit = distance / 1000.0, None, "kg"
    bodyweight = kind == "bodyweight" and weight is None and d.reps is not None
    bodyweight = bodyweight or (d.bodyweight_said and weight is None)
    added = weight is not None and (kind == "bodyweight" or d.added_weight)
    if kind == "kettlebell" and unit is None and weight in KETTLEBELL_KG:
        unit = "kg"  # "swings with the 24": kettlebells are sized in kilos
    cmd = LogSets(
        exercise=slug,
        sets=1 if d.more_reps and d.sets == 1 + len(d.more_reps) else d.sets or 1,  # "3 sets: 10, 8, 6"
        reps=d.reps,
        weight=weight,
        unit=unit,
        rpe=d.rpe,
        rir=d.rir,
        duration_s=round(d.duration_s) if d.duration_s is not None else None,
        distance_m=distance,
        set_type=d.set_type or "normal",
        bodyweight=bodyweight,
        added_weight=added,
    )
    if d.ambiguous:
        names = [resolver.name(s) for s in d.ambiguous]
        question = f"Which {d.ambiguous_word or 'exercise'}: {', '.join(names[:-1])} or {names[-1]}?"
        clarification = Clarification(question=question, missing=["exercise"], options=list(d.ambiguous))
    elif cmd.reps is None and cmd.duration_s is None and cmd.distance_m is None:
        clarification = Clarification(question="How many reps?", missing=["reps"])
    elif weight is not None and not _plausible(weight, unit, kind, ctx):
        said = f"{cmd.model_dump()['weight']} {unit or ctx.unit_pref or 'lb'}"
        clarification = Clarification(question=f"{said}? That's a lot. What was the weight?", missing=["weight"])
    elif cmd.reps is not None and (cmd.reps <= 0 or cmd.reps > 100):
        clarification = Clarification(question=f"{cmd.reps} reps? How many reps was it?", missing=["reps"])
    elif cmd.sets <= 0 or cmd.sets > 20:
        clarification = Clarification(question=f"{cmd.sets} sets? How many sets?", missing=["sets"])
    confidence = (0.97 * d.exercise_score if slug else 0.8) * (UNREAD_PENALTY if d.unread else 1.0)
    more = tuple(d.more_reps) if clarification is None else ()
    return Finalized(cmd, clarification, round(confidence * (0.6 if clarification else 1.0), 3), more)


def _plausible(weight: float, unit: str | None, kind: str, ctx: LogContext) -> bool:
    kg = weight if (unit or ctx.unit_pref or "lb") == "kg" else weight / LB_PER_KG
    return 0 <= kg <= MAX_LOAD_KG.get(kind, 700.0)
