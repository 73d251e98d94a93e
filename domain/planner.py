"""The deterministic workout planner: a request and the lifter's history in, a plan out.

A request names the minutes, the muscles (as lists or words: "upper", "push", "posterior chain"),
the equipment, the goal (strength, hypertrophy, endurance: each its reps, sets, rest and RPE), the
level and the limitations (domain/movements.py). Every one of these is a hard constraint, and so
is the lifter's recent history: a muscle worked hard in the last 48 hours is nobody's primary
target today (it may still be a helper, later in the order and lighter). Exercises the lifter
already does rank first, so two lifters get different plans; loads come from their own top sets
(domain/progression.py). domain/plan_check.py checks every plan, this one's and a model's, against
the same rules.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from domain.catalog import CatalogEntry
from domain.movements import Limits, patterns
from domain.progression import TopSet, prescribe


@dataclass(frozen=True)
class Goal:
    name: str
    reps: tuple[int, int]  # the rep range every counted item keeps to
    sets: int  # sets per exercise to start from
    rest: tuple[int, int]  # seconds between sets
    rpe: float
    hold_s: int  # a static hold (plank) instead of reps


GOALS = {
    "strength": Goal("strength", (3, 6), 4, (120, 300), 8.0, 30),
    "hypertrophy": Goal("hypertrophy", (6, 12), 3, (60, 150), 8.0, 45),
    "endurance": Goal("endurance", (12, 20), 2, (30, 90), 7.0, 60),
}
LEVELS = {
    "beginner": frozenset({"beginner"}),
    "intermediate": frozenset({"beginner", "intermediate"}),
    "expert": frozenset({"beginner", "intermediate", "expert"}),
}
UPPER = ("chest", "lats", "middle back", "shoulders", "biceps", "triceps")
LOWER = ("quadriceps", "hamstrings", "glutes", "calves")
FULL_BODY = ("quadriceps", "chest", "lats", "hamstrings", "shoulders", "middle back", "glutes", "abdominals")
MUSCLES = frozenset(UPPER + LOWER + FULL_BODY + ("lower back", "traps", "forearms", "adductors", "abductors", "neck"))
TARGET_WORDS: dict[str, tuple[str, ...]] = {
    "full body": FULL_BODY,
    "upper": UPPER,
    "upper body": UPPER,
    "lower": LOWER,
    "lower body": LOWER,
    "legs": LOWER,
    "push": ("chest", "shoulders", "triceps"),
    "pull": ("lats", "middle back", "biceps"),
    "posterior chain": ("hamstrings", "glutes", "lower back"),
    "chest": ("chest",),
    "back": ("lats", "middle back", "lower back"),
    "arms": ("biceps", "triceps", "forearms"),
    "shoulders": ("shoulders",),
    "core": ("abdominals",),
    "abs": ("abdominals",),
    "glutes": ("glutes", "hamstrings"),
    "cardio": (),
} | {m: (m,) for m in MUSCLES}
# equipment said -> the catalog's equipment it allows ("body only" is always allowed)
EQUIPMENT: dict[str, frozenset[str]] = {
    "barbell": frozenset({"barbell", "e-z curl bar"}),
    "dumbbell": frozenset({"dumbbell"}),
    "kettlebell": frozenset({"kettlebells"}),
    "band": frozenset({"bands"}),
    "cable": frozenset({"cable"}),
    "machine": frozenset({"machine"}),
    "bodyweight": frozenset(),
    "pull-up bar": frozenset(),  # and hanging exercises
    "bench": frozenset(),
    "medicine ball": frozenset({"medicine ball"}),
    "exercise ball": frozenset({"exercise ball"}),
}
LIFTING = frozenset({"strength", "powerlifting", "olympic weightlifting"})
GYM = frozenset({"barbell", "e-z curl bar", "dumbbell", "kettlebells", "bands", "cable", "machine", "body only"})
HARD_SETS = 6  # working sets on a muscle within 48 h that make it "worked hard"
MAX_SETS, MAX_ITEMS = 6, 10


@dataclass(frozen=True)
class Request:
    minutes: int = 45
    targets: tuple[str, ...] = ()  # words of TARGET_WORDS; none: full body
    equipment: tuple[str, ...] = ()  # words of EQUIPMENT; none: a full gym
    goal: str = "hypertrophy"
    level: str = "intermediate"
    limits: Limits = field(default_factory=Limits)


@dataclass(frozen=True)
class History:
    """What the planner knows of the lifter: top sets per lift (last weeks, oldest first), working
    sets per primary muscle in the last 48 hours, and the unit loads are said in."""

    top_sets: Mapping[str, tuple[TopSet, ...]] = field(default_factory=dict)
    recent_sets: Mapping[str, int] = field(default_factory=dict)
    unit: str = "kg"

    @property
    def fatigued(self) -> frozenset[str]:
        return frozenset(m for m, n in self.recent_sets.items() if n >= HARD_SETS)


@dataclass(frozen=True)
class PlannedItem:
    slug: str
    name: str
    sets: int
    reps: int | None
    seconds: int | None
    rest_seconds: int
    target_rpe: float | None = None
    load_kg: float | None = None
    note: str | None = None


@dataclass(frozen=True)
class Plan:
    name: str
    minutes: int
    focus: str
    goal: str
    items: tuple[PlannedItem, ...]
    notes: tuple[str, ...] = ()
    short: bool = False  # too few exercises fit the limits to fill the minutes

    @property
    def seconds(self) -> int:
        return sum(i.sets * (work_s(i) + i.rest_seconds) for i in self.items)


def work_s(item: PlannedItem) -> int:
    """How long one set takes: about 4 s a rep (at least 20 s), or the hold."""
    return item.seconds if item.seconds is not None else max(20, 4 * (item.reps or 0))


def target_muscles(request: Request, history: History) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The muscles today's plan may target (the request's, less those worked hard or spared), and notes."""
    wanted = tuple(dict.fromkeys(m for w in request.targets for m in TARGET_WORDS[w])) or FULL_BODY
    spared = request.limits.ruled_out()[1]
    fresh = tuple(m for m in wanted if m not in history.fatigued and m not in spared)
    notes = []
    tired = [m for m in wanted if m in history.fatigued]
    if tired:
        notes.append(f"{', '.join(tired)} worked hard in the last 48 h: not a primary target today")
    if not fresh and wanted:
        fresh = tuple(m for m in FULL_BODY if m not in history.fatigued and m not in spared)
        notes.append(f"training {', '.join(fresh)} instead")
    return fresh, tuple(notes)


def equipment_ok(entry: CatalogEntry, equipment: Iterable[str]) -> bool:
    said = tuple(equipment)
    if not said:
        return entry.equipment in GYM
    if entry.equipment == "body only":
        return "hanging" not in patterns(entry) or "pull-up bar" in said
    return any(entry.equipment in EQUIPMENT[e] for e in said)


def fits(entry: CatalogEntry, request: Request, history: History) -> bool:
    """Whether the lifter may do this exercise today at all (before any target)."""
    cardio = request.targets == ("cardio",)
    return (
        (entry.category == "cardio" if cardio else entry.category in LIFTING)
        and (request.level == "expert" or entry.category != "olympic weightlifting")
        and (entry.level or "beginner") in LEVELS[request.level]
        and equipment_ok(entry, request.equipment)
        and request.limits.why_not(entry) is None
        and not set(entry.primary_muscles) & history.fatigued
    )


def reps_for(entry: CatalogEntry, goal: Goal) -> tuple[int | None, int | None]:
    """(reps, seconds) of a set of this exercise for the goal."""
    if entry.force == "static" or entry.category == "cardio":
        return None, goal.hold_s
    low, high = goal.reps
    return (low + (high - low) // 3 if entry.mechanic == "compound" else high), None


def plan(entries: Iterable[CatalogEntry], request: Request, history: History | None = None) -> Plan:
    history = history or History()
    goal = GOALS[request.goal]
    budget = request.minutes * 60
    muscles, notes = target_muscles(request, history)
    cardio = request.targets == ("cardio",)
    pool = [e for e in entries if fits(e, request, history) and (cardio or set(e.primary_muscles) & set(muscles))]
    pool.sort(key=lambda e: rank(e, history))
    focus = " ".join(request.targets) or "full body"
    name = f"{focus.capitalize()} {'cardio' if cardio else goal.name} workout"
    if cardio:
        return _cardio(pool[:3], request, name, notes)
    per_set = max(20, 4 * goal.reps[0]) + sum(goal.rest) // 2
    wanted_sets = max(1, round(budget / per_set))
    chosen = _pick(pool, muscles, min(MAX_ITEMS, math.ceil(wanted_sets / goal.sets)))
    if not chosen:
        return Plan(name, request.minutes, focus, goal.name, (), (*notes, "no exercise fits these limits"), True)
    sets = _spread(len(chosen), wanted_sets, goal.sets)
    tired = history.fatigued
    chosen = sorted(chosen, key=lambda e: bool(set(e.secondary_muscles) & tired))  # worked muscles come later
    items = []
    for entry, n in zip(chosen, sets, strict=True):
        reps, seconds = reps_for(entry, goal)
        items.append(loaded(entry, n, reps, seconds, goal, history, bool(set(entry.secondary_muscles) & tired)))
    fitted, short = fit_rest(items, budget, goal)
    return Plan(
        name, request.minutes, focus, goal.name, fitted, notes + (("too few exercises fit",) if short else ()), short
    )


def rank(entry: CatalogEntry, history: History) -> tuple[bool, bool, int, str]:
    """Lifts the lifter does and the curated core lifts first, compound before isolation, then the
    ones done most often: a lifter's own exercises make their plan."""
    done = min(len(history.top_sets.get(entry.slug, ())), 4)
    return not (done or entry.core), entry.mechanic != "compound", -done, entry.name


def _pick(pool: list[CatalogEntry], muscles: tuple[str, ...], count: int) -> list[CatalogEntry]:
    """Round robin over the target muscles, the best-ranked unused exercise for each."""
    chosen: list[CatalogEntry] = []
    while len(chosen) < count:
        before = len(chosen)
        for muscle in muscles:
            pick = next((e for e in pool if muscle in e.primary_muscles and e not in chosen), None)
            if pick is not None and len(chosen) < count:
                chosen.append(pick)
        if len(chosen) == before:
            break
    return chosen


def _spread(items: int, wanted: int, start: int) -> list[int]:
    sets = [start] * items
    i = 0
    while sum(sets) < wanted and any(s < MAX_SETS for s in sets):
        if sets[i % items] < MAX_SETS:
            sets[i % items] += 1
        i += 1
    i = items - 1
    while sum(sets) > wanted and any(s > 2 for s in sets):
        if sets[i % items] > 2:
            sets[i % items] -= 1
        i -= 1
    return sets


def loaded(
    entry: CatalogEntry, sets: int, reps: int | None, seconds: int | None, goal: Goal, history: History, tired: bool
) -> PlannedItem:
    item = PlannedItem(entry.slug, entry.name, sets, reps, seconds, goal.rest[0], goal.rpe)
    if reps is None or entry.equipment == "body only":
        return item
    made = prescribe(history.top_sets.get(entry.slug, ()), reps, goal.rpe, history.unit)
    load, note = made.load_kg, made.reason
    if load is not None and tired:
        load, note = round(load * 0.9, 2), note + "; lighter: a helper muscle worked hard lately"
    return replace(item, target_rpe=made.target_rpe, load_kg=load, note=note)


def fit_rest(items: list[PlannedItem], budget: int, goal: Goal) -> tuple[tuple[PlannedItem, ...], bool]:
    """Rest (within the goal's range, in 5 s steps) that fills the minutes; sets dropped from the
    end while still over by more than 10%. True when even the longest rest falls short by 10%."""
    items = list(items)
    while items:
        total_sets = sum(i.sets for i in items)
        work = sum(i.sets * work_s(i) for i in items)
        rest = min(max((budget - work) / total_sets, goal.rest[0]), goal.rest[1])
        rest = int(rest // 5 * 5)
        fitted = [replace(i, rest_seconds=rest) for i in items]
        spent = work + rest * total_sets
        if spent <= budget * 1.1:
            return tuple(fitted), spent < budget * 0.9
        last = items[-1]
        items[-1:] = [replace(last, sets=last.sets - 1)] if last.sets > 1 else []
    return (), True


def _cardio(pool: list[CatalogEntry], request: Request, name: str, notes: tuple[str, ...]) -> Plan:
    if not pool:
        return Plan(name, request.minutes, "cardio", request.goal, (), (*notes, "no cardio fits these limits"), True)
    rest, each = 60, (request.minutes * 60 - 60 * len(pool)) // len(pool)
    items = tuple(PlannedItem(e.slug, e.name, 1, None, max(60, each), rest) for e in pool)
    return Plan(name, request.minutes, "cardio", request.goal, items, notes)
