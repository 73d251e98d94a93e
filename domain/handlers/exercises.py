"""A user's own exercises, beside the shared catalog, and the exercises a user marks as favorites."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from domain import commands as c
from domain.catalog.normalize import slugify
from domain.errors import Conflict, Invalid, NotFound
from domain.lookups import find_exercise
from domain.models import Exercise, FavoriteExercise, RoutineItem, WorkoutSet
from domain.uow import UnitOfWork
from domain.validation import check_not_null

KINDS = ("barbell", "dumbbell", "machine", "cable", "bodyweight", "kettlebell", "band", "cardio", "other")
EDITABLE = ("name", "aliases", "kind", "category", "equipment", "primary_muscles", "secondary_muscles")


def _check(name: str | None, kind: str | None) -> None:
    if name is not None and not (1 <= len(name.strip()) <= 200):
        raise Invalid.field("name", "must be 1 to 200 characters")
    if kind is not None and kind not in KINDS:
        raise Invalid.field("kind", f"must be one of {', '.join(KINDS)}")


async def create_exercise(cmd: c.CreateExercise, uow: UnitOfWork) -> Exercise:
    _check(cmd.name, cmd.kind)
    slug = slugify(cmd.name)
    if not slug:
        raise Invalid.field("name", "must contain letters or digits")
    row = Exercise(
        slug=slug,
        name=cmd.name.strip(),
        aliases=[a.strip() for a in cmd.aliases if a.strip()],
        kind=cmd.kind,
        category=cmd.category,
        equipment=cmd.equipment,
        primary_muscles=list(cmd.primary_muscles),
        secondary_muscles=list(cmd.secondary_muscles),
        is_custom=True,
        owner_id=cmd.user_id,
    )
    uow.session.add(row)
    try:
        await uow.commit()
    except IntegrityError as exc:
        raise Conflict(
            "You already have an exercise with this name", [{"field": "name", "message": "already used"}]
        ) from exc
    return row


async def _owned(uow: UnitOfWork, cmd: c.UpdateExercise | c.DeleteExercise) -> Exercise:
    row = await uow.session.get(Exercise, cmd.exercise_id)
    if row is None or row.owner_id != cmd.user_id:
        raise NotFound("Exercise not found (only your own exercises can be changed)")
    return row


async def update_exercise(cmd: c.UpdateExercise, uow: UnitOfWork) -> Exercise:
    row = await _owned(uow, cmd)
    changes = {k: v for k, v in cmd.changes.items() if k in EDITABLE}
    check_not_null(changes, Exercise)
    _check(changes.get("name"), changes.get("kind"))
    for key, value in changes.items():
        setattr(row, key, value.strip() if key == "name" else value)
    await uow.commit()
    return row


async def delete_exercise(cmd: c.DeleteExercise, uow: UnitOfWork) -> None:
    row = await _owned(uow, cmd)
    used = await uow.session.scalar(select(WorkoutSet.id).where(WorkoutSet.exercise_id == row.id).limit(1))
    if used is not None:
        raise Conflict("This exercise has logged sets; delete or move them first")
    planned = await uow.session.scalar(select(RoutineItem.id).where(RoutineItem.exercise_id == row.id).limit(1))
    if planned is not None:
        raise Conflict("A routine uses this exercise; take it out of the routine (or delete the routine) first")
    await uow.session.delete(row)
    try:
        await uow.commit()
    except IntegrityError as exc:  # a set or routine item came in since the checks above
        raise Conflict("This exercise is in use by a set or a routine; remove those first") from exc


async def _visible(uow: UnitOfWork, user_id: uuid.UUID, ref: str) -> Exercise:
    found = await find_exercise(uow, user_id, ref)
    if found is None:
        raise NotFound(f"No exercise {ref!r}")
    return found


async def favorite_exercise(cmd: c.FavoriteExercise, uow: UnitOfWork) -> Exercise:
    """Mark a catalog or own exercise as a favorite; marking it again changes nothing."""
    row = await _visible(uow, cmd.user_id, cmd.exercise)
    if await uow.session.get(FavoriteExercise, (cmd.user_id, row.id)) is None:
        uow.session.add(FavoriteExercise(user_id=cmd.user_id, exercise_id=row.id))
        try:
            await uow.commit()
        except IntegrityError:  # marked by another request a moment before: the same outcome
            await uow.rollback()
    return row


async def unfavorite_exercise(cmd: c.UnfavoriteExercise, uow: UnitOfWork) -> Exercise:
    """No longer a favorite (if it was)."""
    row = await _visible(uow, cmd.user_id, cmd.exercise)
    stmt = delete(FavoriteExercise).where(
        FavoriteExercise.user_id == cmd.user_id, FavoriteExercise.exercise_id == row.id
    )
    await uow.session.execute(stmt)
    await uow.commit()
    return row
