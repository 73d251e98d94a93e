"""The language model's draft of a workout: the prompt (prompts/workout.v1.txt) with the lifter's
context, an answer typed as `Draft` through instructor, checked by the planner's validator.

The model chooses exercises (catalog slugs only), sets and reps; rest and loads are the planner's
(rest fitted to the minutes, loads from the lifter's own top sets), so a model never prescribes a
weight. A draft that breaks a rule goes back once with each broken rule named; a second bad draft,
or any failure of the model, is a `ModelFailed` and the planner's plan stands.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from domain.catalog import AliasIndex
from domain.movements import BODY_PARTS
from domain.plan_check import violations
from domain.planner import (
    GOALS,
    History,
    Plan,
    PlannedItem,
    Request,
    fit_rest,
    fits,
    loaded,
    rank,
    reps_for,
    target_muscles,
)
from intents.model import ModelClient
from prompts import render

PROMPT = "workout.v1"
CANDIDATES = 60  # exercises offered in the prompt, best ranked first


class DraftItem(BaseModel):
    model_config = ConfigDict(extra="ignore")

    exercise: str = Field(max_length=120, description="a slug from the list")
    sets: int = Field(ge=1, le=10)
    reps: int | None = Field(default=None, ge=1, le=50)
    seconds: int | None = Field(default=None, ge=5, le=3600, description="for a hold, instead of reps")


class Draft(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str = Field(min_length=1, max_length=80)
    items: list[DraftItem] = Field(min_length=1, max_length=12)

    @model_validator(mode="after")
    def _keeps_every_rule(self, info: ValidationInfo) -> Draft:
        check: Callable[[Draft], list[str]] | None = (info.context or {}).get("check")
        problems = check(self) if check is not None else []
        if problems:
            raise ValueError("the plan breaks these rules; fix every one: " + "; ".join(problems))
        return self


class WorkoutModel:
    def __init__(self, client: ModelClient) -> None:
        self.client = client

    async def draft(self, request: Request, history: History, index: AliasIndex, asked: str, fallback: Plan) -> Plan:
        """A checked plan from the model (raises intents.model.ModelFailed)."""

        def check(draft: Draft) -> list[str]:
            return violations(as_plan(draft, request, history, index), request, history, index.entries)

        prompt = render(PROMPT, **context(request, history, index, asked, fallback))
        draft = await self.client.ask(Draft, prompt, repairs=1, context={"check": check})
        return as_plan(draft, request, history, index)


def as_plan(draft: Draft, request: Request, history: History, index: AliasIndex) -> Plan:
    """The draft as the planner's plan: names, loads from history, rest fitted to the minutes."""
    goal = GOALS[request.goal]
    tired = history.fatigued
    items = []
    for d in draft.items:
        entry = index.get(d.exercise)
        if entry is None:  # the validator names it
            items.append(PlannedItem(d.exercise, d.exercise, d.sets, d.reps, d.seconds, goal.rest[0]))
            continue
        reps, seconds = reps_for(entry, goal)
        reps, seconds = (None, d.seconds or seconds) if reps is None else (d.reps or reps, None)
        items.append(loaded(entry, d.sets, reps, seconds, goal, history, bool(set(entry.secondary_muscles) & tired)))
    fitted, _ = fit_rest(items, request.minutes * 60, goal)
    kept = fitted or tuple(items)
    focus = " ".join(request.targets) or "full body"
    return Plan(draft.name.strip()[:80], request.minutes, focus, goal.name, kept)


def context(request: Request, history: History, index: AliasIndex, asked: str, fallback: Plan) -> dict[str, Any]:
    goal = GOALS[request.goal]
    muscles, notes = target_muscles(request, history)
    pool = [e for e in index.entries.values() if fits(e, request, history) and set(e.primary_muscles) & set(muscles)]
    pool.sort(key=lambda e: rank(e, history))
    limits = request.limits
    never = [
        *(f"exercise {s}" for s in sorted(limits.exercises)),
        *(p.replace("_", " ") for p in sorted(limits.patterns)),
    ]
    never += [f"loading the {p} ({', '.join(sorted(BODY_PARTS[p][0]))})" for p in sorted(limits.parts)]
    lifts = [
        f"{slug}: " + ", ".join(f"{t.weight_kg:g} kg x {t.reps}" + (f" @{t.rpe:g}" if t.rpe else "") for t in tops[-3:])
        for slug, tops in sorted(history.top_sets.items())
    ]
    return {
        "muscles": ", ".join(muscles) or "any",
        "goal": goal.name,
        "reps": f"{goal.reps[0]}-{goal.reps[1]}",
        "hold": goal.hold_s,
        "rest": f"{goal.rest[0]}-{goal.rest[1]}",
        "sets": sum(i.sets for i in fallback.items) or 10,
        "minutes": request.minutes,
        "never": "; ".join(never) or "nothing ruled out",
        "notes": "\n".join(f"- {n}" for n in notes) or "- none",
        "history": "\n".join(lifts[-20:]) or "none logged",
        "exercises": "\n".join(f"{e.slug}: {', '.join(e.primary_muscles)}" for e in pool[:CANDIDATES]) or "none",
        "asked": asked[:500].replace('"', "'"),
    }
