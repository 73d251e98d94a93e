"""POST /workouts/generate, decoded and encoded: the body (and its spoken `prompt`, read by the same
grammar as the assistant) becomes the generation service's request; the plan comes back in the
lifter's unit, saying who made it."""

from __future__ import annotations

import uuid

from assistant import generation
from assistant.spotter import Spotter
from channels.http.errors import ApiError
from channels.http.schemas.generation import GeneratedItemOut, GeneratedOut, GenerateIn, LimitsOut
from intents.commands import GenerateWorkout


def asked(body: GenerateIn, spotter: Spotter) -> generation.Asked:
    said = GenerateWorkout()
    if body.prompt:
        first = spotter.parser.parse("make me a workout: " + body.prompt).commands[0]
        said = first if isinstance(first, GenerateWorkout) else said
    known_focus = said.focus if said.focus in generation.TARGET_WORDS else None
    limits = "; ".join(t for t in (body.limitations, said.limitations) if t) or None
    return generation.Asked(
        minutes=body.minutes or said.minutes,
        focus=body.focus or (None if body.muscles else known_focus),
        muscles=list(body.muscles),
        equipment=list(body.equipment) or list(said.equipment),
        goal=body.goal or said.goal,
        level=body.level,
        limitations=limits,
        avoid_exercises=list(body.avoid_exercises),
        avoid_patterns=list(body.avoid_patterns),
        spare=list(body.spare),
    )


async def generate(body: GenerateIn, user_id: uuid.UUID, spotter: Spotter) -> GeneratedOut:
    try:
        request = generation.request_from(asked(body, spotter), spotter.index)
    except generation.BadRequest as exc:
        raise ApiError(422, exc.message, [{"field": exc.field, "message": exc.message}]) from exc
    made = await spotter.generator.make(user_id, request, prompt=body.prompt or "")
    routine_id = None
    if body.save and made.plan.items:
        routine_id = str((await generation.save(spotter.bus, user_id, made)).id)
    plan = made.plan
    return GeneratedOut(
        name=plan.name,
        minutes=plan.minutes,
        estimated_minutes=round(plan.seconds / 60, 1),
        focus=plan.focus,
        goal=plan.goal,
        level=request.level,
        unit=made.unit,
        source="llm" if made.source == "llm" else "planner",
        fallback_reason=made.fallback_reason,
        prompt_version=made.prompt_version,
        limits=LimitsOut(**request.limits.as_lists()),
        notes=list(plan.notes),
        items=[
            GeneratedItemOut(
                exercise=i.slug,
                name=i.name,
                target_sets=i.sets,
                target_reps=i.reps,
                seconds=i.seconds,
                rest_seconds=i.rest_seconds,
                target_rpe=i.target_rpe,
                target_weight=made.load(i.load_kg),
                target_weight_kg=None if i.load_kg is None else round(i.load_kg, 2),
                note=i.note,
            )
            for i in plan.items
        ],
        routine_id=routine_id,
    )
