"""A workout plan from the catalog, without a language model: focus, minutes and equipment in, a routine draft out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from domain.catalog import CatalogEntry

FOCUS_MUSCLES: dict[str, tuple[str, ...]] = {
    "legs": ("quadriceps", "hamstrings", "glutes", "calves"),
    "lower body": ("quadriceps", "hamstrings", "glutes", "calves"),
    "push": ("chest", "shoulders", "triceps"),
    "pull": ("lats", "middle back", "biceps"),
    "upper body": ("chest", "lats", "shoulders", "middle back", "biceps", "triceps"),
    "full body": ("quadriceps", "chest", "lats", "hamstrings", "shoulders", "abdominals"),
    "chest": ("chest", "triceps"),
    "back": ("lats", "middle back", "lower back"),
    "arms": ("biceps", "triceps", "forearms"),
    "shoulders": ("shoulders", "traps"),
    "core": ("abdominals", "lower back"),
    "glutes": ("glutes", "hamstrings"),
    "strength": ("quadriceps", "chest", "lats", "hamstrings"),
}
EQUIPMENT = {
    "dumbbell": "dumbbell",
    "barbell": "barbell",
    "kettlebell": "kettlebells",
    "band": "bands",
    "cable": "cable",
    "machine": "machine",
    "bodyweight": "body only",
    "pull-up bar": "body only",
}


@dataclass(frozen=True)
class PlannedItem:
    slug: str
    name: str
    sets: int
    reps: int | None
    seconds: int | None
    rest_seconds: int


@dataclass(frozen=True)
class Plan:
    name: str
    minutes: int
    focus: str
    items: tuple[PlannedItem, ...]


def plan(
    entries: Iterable[CatalogEntry],
    minutes: int | None = None,
    focus: str | None = None,
    equipment: Iterable[str] = (),
    level: str | None = None,
) -> Plan:
    minutes = max(10, min(minutes or 45, 120))
    focus = (focus or "full body").lower()
    allowed = {EQUIPMENT[e] for e in equipment if e in EQUIPMENT}
    pool = [
        e
        for e in entries
        if e.category not in ("stretching", "plyometrics", "strongman") and (not allowed or e.equipment in allowed)
    ]
    if level == "beginner":
        pool = [e for e in pool if e.level in (None, "beginner", "intermediate")]
    pool.sort(key=lambda e: (not e.core, e.mechanic != "compound", e.name))  # core compound lifts first
    count = max(3, min(minutes // 8, 8))
    if focus == "cardio":
        cardio = [e for e in pool if e.kind == "cardio" or e.category == "cardio"][: max(1, count // 3)]
        items = tuple(PlannedItem(e.slug, e.name, 1, None, minutes * 60 // max(len(cardio), 1), 60) for e in cardio)
        return Plan("Cardio workout", minutes, focus, items)
    muscles = FOCUS_MUSCLES.get(focus, FOCUS_MUSCLES["full body"])
    chosen: list[CatalogEntry] = []
    for round_ in range(count):
        for muscle in muscles:
            if len(chosen) >= count:
                break
            pick = next(
                (
                    e
                    for e in pool
                    if muscle in e.primary_muscles and e not in chosen and (round_ > 0 or e.kind != "cardio")
                ),
                None,
            )
            if pick is not None:
                chosen.append(pick)
        if len(chosen) >= count:
            break
    reps = 5 if focus == "strength" else 10
    items = tuple(
        PlannedItem(
            e.slug,
            e.name,
            3,
            None if e.slug == "plank" else reps,
            45 if e.slug == "plank" else None,
            150 if reps == 5 else 90,
        )
        for e in chosen
    )
    return Plan(f"{focus.capitalize()} workout", minutes, focus, items)
