"""Migrations: the schema they build is the models', 0004 keeps every set while its partial index
refuses a repeated client_id as the constraint did, 0005 numbers sets that shared a position
again before refusing such sets, and 0006 fills the records of the sets already stored."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from domain import migrate
from domain.models import Base, Exercise, PersonalRecord, User, Workout, WorkoutSet, utcnow
from tests.conftest import BACKENDS, PG_URL


@pytest.fixture(params=BACKENDS)
async def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A database of its own (on PostgreSQL one made for the test: the suite's is in use)."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path}/migrations.db"
        return
    assert PG_URL is not None
    url = make_url(PG_URL)
    name = f"{url.database}_migrations"
    admin = create_async_engine(PG_URL, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


async def test_the_migrated_schema_is_the_models(empty_url: str) -> None:
    await asyncio.to_thread(migrate.upgrade, empty_url)
    engine = create_async_engine(empty_url)
    try:
        async with engine.connect() as conn:
            options = {"compare_type": True}
            diffs = await conn.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync, opts=options), Base.metadata)
            )
    finally:
        await engine.dispose()
    assert diffs == []


async def _sets(engine: AsyncEngine) -> list[tuple[uuid.UUID, str | None]]:
    async with engine.connect() as conn:
        rows = await conn.execute(select(WorkoutSet.id, WorkoutSet.client_id).order_by(WorkoutSet.position))
        return [(r.id, r.client_id) for r in rows]


class Lifter:
    """A lifter with an exercise and a workout, written at whatever revision the store is at."""

    def __init__(self) -> None:
        self.now, self.user, self.workout, self.exercise = utcnow(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4()

    async def write(self, engine: AsyncEngine) -> None:
        now = self.now
        async with engine.begin() as conn:
            await conn.execute(
                insert(User).values(id=self.user, email="m@example.com", password_hash="x", created_at=now)
            )
            await conn.execute(
                insert(Exercise).values(id=self.exercise, slug="squat", name="Squat", kind="strength", created_at=now)
            )
            await self.start(conn, self.workout)

    async def start(self, conn: AsyncConnection, workout: uuid.UUID) -> None:
        started = {"status": "planned", "source": "api", "version": 1, "created_at": self.now, "updated_at": self.now}
        await conn.execute(insert(Workout).values(id=workout, user_id=self.user, **started))

    def a_set(
        self, position: int, client_id: str | None = None, *, workout: uuid.UUID | None = None, seconds: int = 0
    ) -> dict[str, object]:
        when = self.now + timedelta(seconds=seconds)
        return {
            "id": uuid.uuid4(),
            "workout_id": workout or self.workout,
            "user_id": self.user,
            "exercise_id": self.exercise,
            "position": position,
            "reps": 5,
            "set_type": "normal",
            "bodyweight": False,
            "added_weight": False,
            "client_id": client_id,
            "completed_at": when,
            "created_at": when,
            "updated_at": when,
        }


async def test_0004_keeps_the_sets_and_still_refuses_a_repeated_client_id(empty_url: str) -> None:
    await asyncio.to_thread(migrate.upgrade, empty_url, "0003")
    engine = create_async_engine(empty_url)
    lifter = Lifter()
    a_set = lifter.a_set
    try:
        await lifter.write(engine)
        async with engine.begin() as conn:
            await conn.execute(insert(WorkoutSet), [a_set(1, None), a_set(2, "phone-1"), a_set(3, None)])
        before = await _sets(engine)
        await engine.dispose()
        await asyncio.to_thread(migrate.upgrade, empty_url)
        assert await _sets(engine) == before
        async with engine.begin() as conn:
            await conn.execute(insert(WorkoutSet), [a_set(4, None), a_set(5, "phone-2")])  # NULLs never clash
        with pytest.raises(IntegrityError):
            async with engine.begin() as conn:
                await conn.execute(insert(WorkoutSet), [a_set(6, "phone-1")])
        assert len(await _sets(engine)) == 5
        await engine.dispose()
        await asyncio.to_thread(migrate.downgrade, empty_url, "0003")
        assert len(await _sets(engine)) == 5
    finally:
        await engine.dispose()


async def test_0005_numbers_shared_positions_again_then_refuses_them(empty_url: str) -> None:
    await asyncio.to_thread(migrate.upgrade, empty_url, "0004")
    engine = create_async_engine(empty_url)
    lifter, other = Lifter(), uuid.uuid4()
    a_set = lifter.a_set
    raced = [a_set(1, seconds=0), a_set(2, seconds=2), a_set(2, seconds=1), a_set(3, seconds=4), a_set(3, seconds=3)]
    untouched = [a_set(1, workout=other), a_set(5, workout=other)]

    async def positions(workout: uuid.UUID) -> list[tuple[uuid.UUID, int]]:
        async with engine.connect() as conn:
            order = (WorkoutSet.position, WorkoutSet.created_at)
            found = await conn.execute(
                select(WorkoutSet.id, WorkoutSet.position).where(WorkoutSet.workout_id == workout).order_by(*order)
            )
            return [(r.id, r.position) for r in found]

    try:
        await lifter.write(engine)
        async with engine.begin() as conn:
            await lifter.start(conn, other)
            await conn.execute(insert(WorkoutSet), raced + untouched)
        shown = [row_id for row_id, _ in await positions(lifter.workout)]  # the order a lifter saw them in
        await engine.dispose()
        await asyncio.to_thread(migrate.upgrade, empty_url)
        assert await positions(lifter.workout) == [(row_id, n) for n, row_id in enumerate(shown, start=1)]
        assert await positions(other) == [(s["id"], s["position"]) for s in untouched]
        with pytest.raises(IntegrityError):
            async with engine.begin() as conn:
                await conn.execute(insert(WorkoutSet), [a_set(5)])
        await engine.dispose()
        await asyncio.to_thread(migrate.downgrade, empty_url, "0004")
        assert len(await positions(lifter.workout)) == 5
    finally:
        await engine.dispose()


async def test_0006_fills_the_records_of_the_sets_already_stored(empty_url: str) -> None:
    await asyncio.to_thread(migrate.upgrade, empty_url, "0005")
    engine = create_async_engine(empty_url)
    lifter, cancelled = Lifter(), uuid.uuid4()

    def lifted(position: int, weight: float, reps: int, **extra: object) -> dict[str, object]:
        return (
            lifter.a_set(position, seconds=position)
            | {"weight": weight, "unit": "kg", "weight_kg": weight}
            | {
                "reps": reps,
                **extra,
            }
        )

    try:
        await lifter.write(engine)
        async with engine.begin() as conn:
            await lifter.start(conn, cancelled)
            await conn.execute(Workout.__table__.update().where(Workout.id == cancelled).values(status="cancelled"))
            await conn.execute(
                insert(WorkoutSet),
                [
                    lifted(1, 100, 5),
                    lifted(2, 120, 3),
                    lifted(3, 200, 1, set_type="warmup"),  # a warm-up is no record
                    lifted(4, 110, 3),
                    lifted(1, 300, 1, workout_id=cancelled),  # nor a set of a cancelled workout
                ],
            )
        await engine.dispose()
        await asyncio.to_thread(migrate.upgrade, empty_url)
        async with engine.connect() as conn:
            found = await conn.execute(
                select(PersonalRecord.kind, PersonalRecord.value, PersonalRecord.weight_kg, PersonalRecord.is_current)
            )
            records = sorted((r.kind, r.value, r.weight_kg, r.is_current) for r in found)
        assert records == [
            ("e1rm", 116.667, 100.0, False),
            ("e1rm", 132.0, 120.0, True),
            ("reps", 3.0, 110.0, True),
            ("reps", 3.0, 120.0, True),
            ("reps", 5.0, 100.0, True),
            ("session_volume", 1190.0, 110.0, True),
            ("set_volume", 500.0, 100.0, True),
            ("weight", 100.0, 100.0, False),
            ("weight", 120.0, 120.0, True),
        ]
        await engine.dispose()
        await asyncio.to_thread(migrate.downgrade, empty_url, "0005")
        assert len(await _sets(engine)) == 5
    finally:
        await engine.dispose()
