"""Every hard constraint a plan must keep, checked the same way whoever made it (the planner or a
language model): catalog slugs only, the equipment, the level, the limitations, no muscle worked
hard in the last 48 h as a primary target, the target muscles, the goal's reps and rest, no load
above the lifter's estimated max, and the minutes within 10% (under only when the planner said
too few exercises fit). Each problem is one sentence naming the exercise, so a model can repair it.
"""

from __future__ import annotations

from collections.abc import Mapping

from domain.catalog import CatalogEntry
from domain.planner import GOALS, MAX_SETS, History, Plan, PlannedItem, Request, equipment_ok, fits, target_muscles
from domain.progression import estimate


def violations(plan: Plan, request: Request, history: History, catalog: Mapping[str, CatalogEntry]) -> list[str]:
    problems: list[str] = []
    muscles, _ = target_muscles(request, history)
    cardio = request.targets == ("cardio",)
    seen: set[str] = set()
    for item in plan.items:
        entry = catalog.get(item.slug)
        if entry is None:
            problems.append(f"{item.slug} is not an exercise in the catalog: use only the listed slugs")
            continue
        if item.slug in seen:
            problems.append(f"{item.slug} comes twice: list each exercise once")
        seen.add(item.slug)
        problems += _exercise(entry, item, request, history, muscles, cardio)
    problems += _time(plan, request)
    return problems


def _exercise(
    entry: CatalogEntry, item: PlannedItem, request: Request, history: History, muscles: tuple[str, ...], cardio: bool
) -> list[str]:
    slug, goal = entry.slug, GOALS[request.goal]
    if not fits(entry, request, history):
        why = request.limits.why_not(entry)
        if why:
            return [why]
        if set(entry.primary_muscles) & history.fatigued:
            return [f"{slug} targets {', '.join(entry.primary_muscles)}, worked hard in the last 48 h"]
        if not equipment_ok(entry, request.equipment):
            return [f"{slug} needs {entry.equipment}, which the lifter does not have"]
        return [f"{slug} does not suit a {request.level} lifter's {'cardio' if cardio else goal.name} workout"]
    problems = []
    if not cardio and not set(entry.primary_muscles) & set(muscles):
        problems.append(f"{slug} trains {', '.join(entry.primary_muscles)}, not a target ({', '.join(muscles)})")
    if not 1 <= item.sets <= MAX_SETS:
        problems.append(f"{slug} has {item.sets} sets: 1 to {MAX_SETS}")
    if item.reps is not None and not goal.reps[0] <= item.reps <= goal.reps[1]:
        problems.append(f"{slug} has {item.reps} reps: a {goal.name} workout keeps to {goal.reps[0]}-{goal.reps[1]}")
    if item.reps is None and not item.seconds:
        problems.append(f"{slug} has neither reps nor seconds")
    if not cardio and not goal.rest[0] <= item.rest_seconds <= goal.rest[1]:
        problems.append(f"{slug} rests {item.rest_seconds} s: {goal.name} rests {goal.rest[0]}-{goal.rest[1]} s")
    tops = history.top_sets.get(slug, ())
    if item.load_kg is not None and tops and item.load_kg > max(estimate(t, goal.rpe) for t in tops):
        problems.append(f"{slug} is loaded above the lifter's estimated max")
    return problems


def _time(plan: Plan, request: Request) -> list[str]:
    budget = request.minutes * 60
    spent = plan.seconds
    if spent > budget * 1.1:
        return [f"the plan takes {spent / 60:.0f} min, over the {request.minutes} asked: fewer sets"]
    if spent < budget * 0.9 and not plan.short:
        return [f"the plan takes {spent / 60:.0f} min, under the {request.minutes} asked: more sets"]
    return []
