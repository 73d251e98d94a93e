"""Reads for the API: lists with filters and pagination, never writing."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, bindparam, case, func, select
from sqlalchemy.orm import joinedload, selectinload

from domain.catalog import AliasIndex, CatalogEntry
from domain.catalog.normalize import words
from domain.lookups import active_workout, find_exercise, owned_workout, visible_to
from domain.models import (
    ApiKey,
    AuditEntry,
    BodyMetric,
    ChannelAccount,
    Exercise,
    FavoriteExercise,
    Program,
    ProgramDay,
    Routine,
    RoutineItem,
    User,
    Workout,
    WorkoutSet,
    utcnow,
)
from domain.security import digest
from domain.uow import UnitOfWork

T = TypeVar("T")
_DONE = WorkoutSet.completed.is_(True)  # a set done, not a planned set still to do


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    page: int
    limit: int
    total: int

    @property
    def has_next(self) -> bool:
        return self.page * self.limit < self.total


async def _page(uow: UnitOfWork, stmt: Select[Any], page: int, limit: int) -> Page[Any]:
    """One round trip: the page's entities, each row carrying the total (a window count)."""
    counted = stmt.add_columns(func.count().over().label("_total")).offset((page - 1) * limit).limit(limit)
    result = (await uow.session.execute(counted)).unique().all()
    if result:
        return Page([r[0] for r in result], page, limit, int(result[0][-1]))
    if page == 1:
        return Page([], page, limit, 0)
    total = await uow.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    return Page([], page, limit, int(total or 0))


async def user(uow: UnitOfWork, user_id: uuid.UUID) -> User | None:
    return await uow.session.get(User, user_id)


@dataclass(frozen=True)
class KeyOwner:
    user_id: uuid.UUID
    key_id: uuid.UUID
    scopes: list[str]
    stale: bool  # last used over a minute ago (or never): worth a TouchApiKey


async def api_key_owner(uow: UnitOfWork, secret: str) -> KeyOwner | None:
    """The owner of a live key (not revoked, not expired, user still there), in one read."""
    stmt = (
        select(ApiKey.id, ApiKey.scopes, ApiKey.expires_at, ApiKey.last_used_at, User.id.label("user_id"))
        .join(User, User.id == ApiKey.user_id)
        .where(ApiKey.key_hash == digest(secret), ApiKey.revoked_at.is_(None))
    )
    row = (await uow.session.execute(stmt)).first()
    now = utcnow()
    if row is None or (row.expires_at is not None and row.expires_at <= now):
        return None
    stale = row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60
    return KeyOwner(row.user_id, row.id, list(row.scopes), stale)


async def api_keys(uow: UnitOfWork, user_id: uuid.UUID) -> list[ApiKey]:
    stmt = select(ApiKey).where(ApiKey.user_id == user_id, ApiKey.revoked_at.is_(None)).order_by(ApiKey.created_at)
    return list((await uow.session.scalars(stmt)).all())


async def workouts(
    uow: UnitOfWork,
    user_id: uuid.UUID,
    *,
    status: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    page: int = 1,
    limit: int = 20,
) -> Page[Workout]:
    stmt = select(Workout).where(Workout.user_id == user_id)
    if status:
        stmt = stmt.where(Workout.status == status)
    if start:
        stmt = stmt.where(Workout.started_at >= start)
    if end:
        stmt = stmt.where(Workout.started_at < end)
    stmt = stmt.order_by(Workout.started_at.desc(), Workout.created_at.desc())
    return await _page(uow, stmt, page, limit)


async def workout(uow: UnitOfWork, user_id: uuid.UUID, workout_id: uuid.UUID) -> Workout:
    return await owned_workout(uow, user_id, workout_id, with_sets=True)


async def active_workout_header(uow: UnitOfWork, user_id: uuid.UUID) -> Workout | None:
    return await active_workout(uow, user_id)


_SET_COLUMNS = tuple(c for c in WorkoutSet.__table__.c if c.key not in ("user_id", "batch_id"))
# Built once (the busiest read): a page of the workout's sets with the workout's count, if it is the lifter's.
_SETS_PAGE = (
    select(
        *_SET_COLUMNS,
        Exercise.slug.label("exercise"),
        Exercise.name.label("exercise_name"),
        select(func.count()).where(WorkoutSet.workout_id == bindparam("workout_id")).scalar_subquery(),
    )
    .join(Exercise, Exercise.id == WorkoutSet.exercise_id)
    .join(Workout, Workout.id == WorkoutSet.workout_id)
    .where(WorkoutSet.workout_id == bindparam("workout_id"), Workout.user_id == bindparam("user_id"))
    .order_by(WorkoutSet.position)
    .offset(bindparam("offset"))
    .limit(bindparam("limit"))
)


async def workout_sets(
    uow: UnitOfWork, user_id: uuid.UUID, workout_id: uuid.UUID, *, page: int = 1, limit: int = 20
) -> Page[dict[str, Any]]:
    """A page of a workout's sets in order, each a dict of the set's columns and its exercise's
    `exercise` (slug) and `exercise_name`. One query when the page has sets; another lifter's
    workout is not found."""
    params = {"workout_id": workout_id, "user_id": user_id, "offset": (page - 1) * limit, "limit": limit}
    found = (await uow.session.execute(_SETS_PAGE, params)).all()
    if found:
        return Page([dict(zip(_PAGE_KEYS, row[:-1], strict=True)) for row in found], page, limit, found[0][-1])
    await owned_workout(uow, user_id, workout_id)  # empty, or not theirs: the latter is a 404
    count = await uow.session.scalar(select(func.count()).where(WorkoutSet.workout_id == workout_id))
    return Page([], page, limit, int(count or 0))


_PAGE_KEYS = (*(c.key for c in _SET_COLUMNS), "exercise", "exercise_name")
# The volume of the sets done (kg x reps) and the count of those still to do.
_TOTALS = select(
    func.sum(case((_DONE, func.coalesce(WorkoutSet.weight_kg, 0) * func.coalesce(WorkoutSet.reps, 0)), else_=0)),
    func.sum(case((_DONE, 0), else_=1)),
).where(WorkoutSet.workout_id == bindparam("workout_id"))


def totals(sets: Iterable[Any]) -> tuple[float, int]:
    """The volume (kg x reps) of the sets done and the count of planned sets still to do, of sets
    as rows or as dicts (`workout_sets`)."""
    volume, planned = 0.0, 0
    for s in sets:
        get = s.get if isinstance(s, dict) else lambda key, s=s: getattr(s, key)
        if get("completed") is False:
            planned += 1
        else:
            volume += (get("weight_kg") or 0) * (get("reps") or 0)
    return volume, planned


@dataclass(frozen=True)
class WorkoutView:
    """A workout as one read shows it: its first `shown` sets (dicts, as `workout_sets` gives them),
    the count of all of them, the volume of those done and the count of those still to do."""

    workout: Workout
    sets: list[dict[str, Any]]
    set_count: int
    volume_kg: float
    planned_count: int = 0


async def workout_view(uow: UnitOfWork, user_id: uuid.UUID, workout_id: uuid.UUID, *, shown: int) -> WorkoutView:
    """The lifter's workout with at most `shown` sets, however many it holds; another lifter's is not found."""
    return await _view(uow, user_id, await owned_workout(uow, user_id, workout_id), shown)


async def active_workout_view(uow: UnitOfWork, user_id: uuid.UUID, *, shown: int) -> WorkoutView | None:
    """The workout in progress as `workout_view` shows it, or None."""
    workout = await active_workout(uow, user_id)
    return None if workout is None else await _view(uow, user_id, workout, shown)


async def _view(uow: UnitOfWork, user_id: uuid.UUID, workout: Workout, shown: int) -> WorkoutView:
    first = await workout_sets(uow, user_id, workout.id, page=1, limit=shown)
    if first.total <= len(first.items):
        volume, planned = totals(first.items)
    else:
        row = (await uow.session.execute(_TOTALS, {"workout_id": workout.id})).one()
        volume, planned = row[0] or 0, row[1] or 0
    return WorkoutView(workout, first.items, first.total, float(volume), int(planned))


async def exercises(
    uow: UnitOfWork,
    user_id: uuid.UUID | None,
    index: AliasIndex,
    catalog: Mapping[str, Exercise],
    *,
    search: str | None = None,
    muscle: str | None = None,
    equipment: str | None = None,
    category: str | None = None,
    level: str | None = None,
    favorite: bool | None = None,
    page: int = 1,
    limit: int = 20,
) -> Page[Exercise]:
    """Catalog and own exercises; with `search`, ranked by the typo-tolerant alias index. `level`:
    beginner, intermediate or expert (the catalog's); `favorite`: only the caller's favorites (true)
    or only the others (false).

    A search reads the catalog's rows from `catalog` (the rows behind `index`, kept in memory) and
    only the caller's own exercises (and favorites) from the database.
    """
    filters: list[ColumnElement[bool]] = []
    if equipment:
        filters.append(func.lower(Exercise.equipment) == equipment.lower())
    if category:
        filters.append(func.lower(Exercise.category) == category.lower())
    if level:
        filters.append(func.lower(Exercise.level) == level.lower())
    favorites = select(FavoriteExercise.exercise_id).where(FavoriteExercise.user_id == user_id)
    if favorite is not None:
        filters.append(Exercise.id.in_(favorites) if favorite else Exercise.id.not_in(favorites))
    if search and words(search):
        ranked = index.search(search, limit=min(200, page * limit + 20))
        scores = {m.slug: m.score for m in ranked}
        own = await _own_exercises(uow, user_id) if user_id else []
        own_ranked = AliasIndex.build([_entry(e) for e in own]).search(search, limit=50) if own else []
        own_scores = {m.slug: m.score + 0.02 for m in own_ranked}
        scored = [(own_scores[e.slug], e) for e in own if e.slug in own_scores]
        scored += [(score, catalog[slug]) for slug, score in scores.items() if slug in catalog]
        liked = set((await uow.session.scalars(favorites)).all()) if favorite is not None else set()
        rows = [
            (score, e)
            for score, e in scored
            if _matches_muscle(e, muscle)
            and _same(e.equipment, equipment)
            and _same(e.category, category)
            and _same(e.level, level)
            and (favorite is None or (e.id in liked) == favorite)
        ]
        rows.sort(key=lambda pair: (-pair[0], pair[1].name))
        return Page([e for _, e in rows[(page - 1) * limit : page * limit]], page, limit, len(rows))
    stmt = select(Exercise).where(visible_to(user_id), *filters)
    if muscle:
        everything = (await uow.session.scalars(stmt.order_by(Exercise.name))).all()
        matching = [e for e in everything if _matches_muscle(e, muscle)]
        return Page(matching[(page - 1) * limit : page * limit], page, limit, len(matching))
    return await _page(uow, stmt.order_by(Exercise.core.desc(), Exercise.name), page, limit)


async def _own_exercises(uow: UnitOfWork, user_id: uuid.UUID) -> list[Exercise]:
    return list((await uow.session.scalars(select(Exercise).where(Exercise.owner_id == user_id))).all())


def _same(value: str | None, wanted: str | None) -> bool:
    return not wanted or (value or "").lower() == wanted.lower()


def _matches_muscle(e: Exercise, muscle: str | None) -> bool:
    if not muscle:
        return True
    m = muscle.lower()
    return m in [x.lower() for x in (e.primary_muscles or [])] or m in [x.lower() for x in (e.secondary_muscles or [])]


def _entry(e: Exercise) -> CatalogEntry:
    return CatalogEntry(slug=e.slug, name=e.name, kind=e.kind, core=False, aliases=tuple(e.aliases or ()))


async def exercise(uow: UnitOfWork, user_id: uuid.UUID | None, ref: str) -> Exercise | None:
    return await find_exercise(uow, user_id, ref)


async def custom_exercises(uow: UnitOfWork, user_id: uuid.UUID) -> list[Exercise]:
    return list((await uow.session.scalars(select(Exercise).where(Exercise.owner_id == user_id))).all())


async def last_session(
    uow: UnitOfWork, user_id: uuid.UUID, exercise_id: uuid.UUID, before_workout: uuid.UUID | None = None
) -> list[WorkoutSet]:
    """The sets of the most recent workout (other than `before_workout`) that had this exercise."""
    stmt = select(WorkoutSet.workout_id).where(
        WorkoutSet.user_id == user_id, WorkoutSet.exercise_id == exercise_id, _DONE
    )
    if before_workout is not None:
        stmt = stmt.where(WorkoutSet.workout_id != before_workout)
    workout_id = await uow.session.scalar(stmt.order_by(WorkoutSet.completed_at.desc()).limit(1))
    if workout_id is None:
        return []
    rows = select(WorkoutSet).where(WorkoutSet.workout_id == workout_id, WorkoutSet.exercise_id == exercise_id, _DONE)
    return list((await uow.session.scalars(rows.order_by(WorkoutSet.position))).all())


async def sets_between(
    uow: UnitOfWork, user_id: uuid.UUID, start: datetime, end: datetime, exercise_id: uuid.UUID | None = None
) -> list[WorkoutSet]:
    """The lifter's sets done in [start, end), of one exercise or all, oldest first, with exercises."""
    stmt = (
        select(WorkoutSet)
        .where(WorkoutSet.user_id == user_id, WorkoutSet.completed_at >= start, WorkoutSet.completed_at < end, _DONE)
        .options(joinedload(WorkoutSet.exercise))
    )
    if exercise_id is not None:
        stmt = stmt.where(WorkoutSet.exercise_id == exercise_id)
    return list((await uow.session.scalars(stmt.order_by(WorkoutSet.completed_at, WorkoutSet.position))).all())


async def latest_workout_with_sets(uow: UnitOfWork, user_id: uuid.UUID) -> Workout | None:
    """The workout in progress if it has sets done, else the most recent finished one (with its sets)."""
    current = await active_workout(uow, user_id, with_sets=True)
    if current is not None and any(s.completed for s in current.sets):
        return current
    stmt = (
        select(Workout.id)
        .where(Workout.user_id == user_id, Workout.status == "completed")
        .order_by(Workout.completed_at.desc(), Workout.started_at.desc())
        .limit(1)
    )
    last_id = await uow.session.scalar(stmt)
    return await owned_workout(uow, user_id, last_id, with_sets=True) if last_id is not None else None


async def latest_set(uow: UnitOfWork, user_id: uuid.UUID, workout_id: uuid.UUID) -> WorkoutSet | None:
    """The set of the lift in hand: the set of the workout logged last, or when none is done yet its
    first planned set."""
    mine = (
        select(WorkoutSet)
        .where(WorkoutSet.user_id == user_id, WorkoutSet.workout_id == workout_id)
        .options(joinedload(WorkoutSet.exercise))
        .limit(1)
    )
    done = await uow.session.scalar(
        mine.where(_DONE).order_by(WorkoutSet.created_at.desc(), WorkoutSet.position.desc())
    )
    return done or await uow.session.scalar(mine.order_by(WorkoutSet.position))


async def batch_sets(uow: UnitOfWork, user_id: uuid.UUID, batch_id: uuid.UUID) -> list[WorkoutSet]:
    """The sets one log wrote (what "actually that was 10 reps" would change)."""
    stmt = select(WorkoutSet).where(WorkoutSet.user_id == user_id, WorkoutSet.batch_id == batch_id)
    return list((await uow.session.scalars(stmt.order_by(WorkoutSet.position))).all())


async def channel_user(uow: UnitOfWork, channel: str, external_id: str) -> uuid.UUID | None:
    """The account a chat or phone number was linked to, if any."""
    return await uow.session.scalar(
        select(ChannelAccount.user_id).where(
            ChannelAccount.channel == channel, ChannelAccount.external_id == external_id
        )
    )


async def channel_ids(uow: UnitOfWork, user_id: uuid.UUID, channel: str) -> list[str]:
    stmt = select(ChannelAccount.external_id).where(
        ChannelAccount.user_id == user_id, ChannelAccount.channel == channel
    )
    return list((await uow.session.scalars(stmt)).all())


async def logged_exercises(uow: UnitOfWork, user_id: uuid.UUID) -> list[Exercise]:
    ids = select(WorkoutSet.exercise_id).where(WorkoutSet.user_id == user_id, _DONE).distinct()
    return list((await uow.session.scalars(select(Exercise).where(Exercise.id.in_(ids)).order_by(Exercise.name))).all())


async def routines(
    uow: UnitOfWork, user_id: uuid.UUID, *, public: bool = False, page: int = 1, limit: int = 20
) -> Page[Routine]:
    who = Routine.is_public.is_(True) if public else Routine.user_id == user_id
    stmt = (
        select(Routine)
        .where(who)
        .options(selectinload(Routine.items).selectinload(RoutineItem.exercise))
        .order_by(Routine.name, Routine.id)
    )
    return await _page(uow, stmt, page, limit)


async def programs(uow: UnitOfWork, user_id: uuid.UUID, *, page: int = 1, limit: int = 20) -> Page[Program]:
    """The lifter's programs, the one followed first, with their days and routines."""
    stmt = (
        select(Program)
        .where(Program.user_id == user_id)
        .options(selectinload(Program.days).selectinload(ProgramDay.routine))
        .order_by(Program.is_active.desc(), Program.name, Program.id)
    )
    return await _page(uow, stmt, page, limit)


async def routine_named(uow: UnitOfWork, user_id: uuid.UUID, name: str) -> Routine | None:
    """The lifter's own routine whose name matches what they said ("push day" finds "Push Day")."""

    def core(text: str) -> str:
        return " ".join(w for w in words(text) if w not in ("day", "workout", "session", "routine", "my", "the"))

    wanted = core(name)
    stmt = select(Routine).where(Routine.user_id == user_id).order_by(Routine.created_at.desc())
    return next((r for r in (await uow.session.scalars(stmt)).all() if core(r.name) == wanted), None)


async def body_metrics(
    uow: UnitOfWork,
    user_id: uuid.UUID,
    *,
    metric: str | None = None,
    metrics: tuple[str, ...] | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    page: int = 1,
    limit: int = 20,
) -> Page[BodyMetric]:
    """Readings, newest first: of one type, or of any of `metrics`, recorded in [start, end)."""
    stmt = select(BodyMetric).where(BodyMetric.user_id == user_id)
    if metric:
        stmt = stmt.where(BodyMetric.metric == metric)
    if metrics is not None:
        stmt = stmt.where(BodyMetric.metric.in_(metrics))
    if start is not None:
        stmt = stmt.where(BodyMetric.recorded_at >= start)
    if end is not None:
        stmt = stmt.where(BodyMetric.recorded_at < end)
    return await _page(uow, stmt.order_by(BodyMetric.recorded_at.desc(), BodyMetric.id), page, limit)


async def audit_entries(uow: UnitOfWork, user_id: uuid.UUID, page: int, limit: int) -> Page[AuditEntry]:
    """The user's audit log, newest first."""
    stmt = select(AuditEntry).where(AuditEntry.user_id == user_id).order_by(AuditEntry.created_at.desc(), AuditEntry.id)
    return await _page(uow, stmt, page, limit)


async def api_key_hashes(uow: UnitOfWork, user_id: uuid.UUID) -> list[str]:
    """The hashes of every key the user ever made, revoked ones too (their requests were kept)."""
    return list((await uow.session.scalars(select(ApiKey.key_hash).where(ApiKey.user_id == user_id))).all())


page_of = _page  # a page of any select, for the reads handlers keep beside their records (goals)
