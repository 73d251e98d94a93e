"""Logging sets through the bus, on every store: on PostgreSQL a set logged into an existing workout
is one statement (domain/handlers/sets_pg.py); the answer and what is stored are the same as the
general path's, and a refused log writes nothing."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy import event, select, text

from domain import commands as c
from domain.errors import Conflict, Invalid
from domain.models import Workout, WorkoutSet
from tests.conftest import Lifter


@contextmanager
def statements(spotter: Any) -> Iterator[list[tuple[str, str]]]:
    """The statements run, each with the driver's transaction status right after it (PostgreSQL:
    IDLE when it ran in autocommit, INTRANS inside a transaction; '-' on SQLite)."""
    seen: list[tuple[str, str]] = []

    def note(conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        info = getattr(conn.connection.driver_connection, "info", None)
        seen.append((statement, info.transaction_status.name if info is not None else "-"))

    event.listen(spotter.engine.sync_engine, "after_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(spotter.engine.sync_engine, "after_cursor_execute", note)


async def stored(spotter: Any, workout_id: str) -> tuple[Workout, list[WorkoutSet]]:
    async with spotter.uow() as uow:
        workout = await uow.session.get(Workout, uuid.UUID(workout_id))
        rows = (
            await uow.session.scalars(
                select(WorkoutSet).where(WorkoutSet.workout_id == workout.id).order_by(WorkoutSet.position)
            )
        ).all()
    assert workout is not None
    return workout, list(rows)


async def test_sets_go_after_the_last_in_the_lifters_unit(app: Any, client: httpx.AsyncClient) -> None:
    from tests.conftest import register

    kg = await register(client)
    await client.patch("/me", json={"unit_pref": "kg"}, headers=kg.headers)
    w = (await client.post("/workouts/start", headers=kg.headers)).json()
    one = {"exercise": "dip", "reps": 10}
    assert (await client.post(f"/workouts/{w['id']}/sets", json=one, headers=kg.headers)).status_code == 201
    spotter = app.state.spotter
    entry = c.SetEntry(exercise="barbell-back-squat", reps=5, weight=100)
    with statements(spotter) as seen:
        done = await spotter.bus.handle(c.LogSets(uuid.UUID(kg.id), entry, 3, uuid.UUID(w["id"])))
    if spotter.engine.dialect.name == "postgresql":
        [(statement, status)] = seen
        assert statement.startswith("WITH target AS") and status == "IDLE"  # autocommit: no BEGIN, no COMMIT
    assert [s.position for s in done.sets] == [2, 3, 4]
    assert {s.unit for s in done.sets} == {"kg"} and {s.weight_kg for s in done.sets} == {100.0}
    assert len({s.batch_id for s in done.sets}) == 1 and done.sets[0].exercise.slug == "barbell-back-squat"
    assert done.workout.version == w["version"] + 2 and not done.workout_started
    workout, rows = await stored(spotter, w["id"])
    assert workout.version == done.workout.version and workout.updated_at == done.workout.updated_at
    assert [(r.id, r.position, r.unit, r.weight_kg) for r in rows[1:]] == [
        (s.id, s.position, s.unit, s.weight_kg) for s in done.sets
    ]


async def test_a_weight_without_unit_in_pounds_and_one_with_unit_as_given(
    app: Any, client: httpx.AsyncClient, lifter: Lifter
) -> None:
    spotter, who = app.state.spotter, uuid.UUID(lifter.id)
    w = (await client.post("/workouts/start", headers=lifter.headers)).json()
    lb = await spotter.bus.handle(c.LogSets(who, c.SetEntry(exercise="deadlift", reps=5, weight=315), 1))
    kg = await spotter.bus.handle(c.LogSets(who, c.SetEntry(exercise="deadlift", reps=5, weight=140, unit="kg"), 1))
    none = await spotter.bus.handle(c.LogSets(who, c.SetEntry(exercise="plank", duration_s=60), 1))
    assert (lb.sets[0].unit, lb.sets[0].weight_kg) == ("lb", 142.8816)
    assert (kg.sets[0].unit, kg.sets[0].weight_kg) == ("kg", 140.0)
    assert (none.sets[0].unit, none.sets[0].weight_kg) == (None, None)
    assert {str(d.workout.id) for d in (lb, kg, none)} == {w["id"]}  # the workout in progress
    _, rows = await stored(spotter, w["id"])
    assert [(r.unit, r.weight_kg) for r in rows] == [("lb", 142.8816), ("kg", 140.0), (None, None)]


async def test_a_refused_log_writes_nothing(app: Any, client: httpx.AsyncClient, lifter: Lifter) -> None:
    spotter, who = app.state.spotter, uuid.UUID(lifter.id)
    w = (await client.post("/workouts/start", headers=lifter.headers)).json()
    with pytest.raises(Invalid):
        await spotter.bus.handle(c.LogSets(who, c.SetEntry(exercise="moon-squat", reps=5), 2, uuid.UUID(w["id"])))
    await client.post(f"/workouts/{w['id']}/cancel", headers=lifter.headers)
    cancelled, _ = await stored(spotter, w["id"])
    with pytest.raises(Conflict):
        await spotter.bus.handle(c.LogSets(who, c.SetEntry(exercise="dip", reps=5), 2, uuid.UUID(w["id"])))
    workout, rows = await stored(spotter, w["id"])
    assert rows == [] and workout.version == cancelled.version


async def test_with_no_workout_in_progress_a_log_starts_one(app: Any, lifter: Lifter) -> None:
    spotter, who = app.state.spotter, uuid.UUID(lifter.id)
    first = await spotter.bus.handle(c.LogSets(who, c.SetEntry(exercise="dip", reps=8), 2))
    again = await spotter.bus.handle(c.LogSets(who, c.SetEntry(exercise="dip", reps=6), 1))
    assert first.workout_started and not again.workout_started
    assert again.workout.id == first.workout.id and [s.position for s in again.sets] == [3]
    workout, rows = await stored(spotter, str(first.workout.id))
    assert workout.status == "in_progress" and [r.reps for r in rows] == [8, 8, 6]


async def test_a_log_inside_a_begun_unit_joins_its_transaction(app: Any, client: httpx.AsyncClient) -> None:
    """Repeat-last reads the last batch first, then logs in the same unit: one transaction, committed."""
    from tests.conftest import register

    lifter = await register(client)
    spotter, who = app.state.spotter, uuid.UUID(lifter.id)
    await spotter.bus.handle(c.LogSets(who, c.SetEntry(exercise="dip", reps=8), 1))
    again = await spotter.bus.handle(c.RepeatLastLog(who, 2))
    _, rows = await stored(spotter, str(again.workout.id))
    assert [r.position for r in rows] == [1, 2, 3] and [r.reps for r in rows] == [8, 8, 8]
    async with spotter.uow() as uow:
        await uow.session.execute(select(1))
        with pytest.raises(RuntimeError):
            await uow.run_alone(select(1), {})


async def test_sets_logged_at_the_same_moment_share_a_transaction_and_keep_their_order(
    app: Any, client: httpx.AsyncClient
) -> None:
    """PostgreSQL sends them together (domain/batches.py), SQLite does them in one transaction
    (domain/shared_transactions.py): positions follow arrival, each answer has its own version."""
    import asyncio

    from tests.conftest import register

    lifter = await register(client)
    spotter, who = app.state.spotter, uuid.UUID(lifter.id)
    w = (await client.post("/workouts/start", headers=lifter.headers)).json()
    shared, batches = spotter.shared, spotter.batches
    before = (shared.transactions, shared.works) if shared else (batches.sends, batches.statements)
    logs = [c.LogSets(who, c.SetEntry(exercise="dip", reps=reps), 1, uuid.UUID(w["id"])) for reps in (5, 6, 7, 8)]
    done = await asyncio.gather(*(spotter.bus.handle(log) for log in logs))
    after = (shared.transactions, shared.works) if shared else (batches.sends, batches.statements)
    assert (after[0] - before[0], after[1] - before[1]) == (1, 4)
    assert [(d.sets[0].position, d.sets[0].reps) for d in done] == [(1, 5), (2, 6), (3, 7), (4, 8)]
    assert [d.workout.version for d in done] == [w["version"] + n for n in (1, 2, 3, 4)]
    workout, rows = await stored(spotter, w["id"])
    assert [(r.position, r.reps) for r in rows] == [(1, 5), (2, 6), (3, 7), (4, 8)]
    assert workout.version == w["version"] + 4


async def test_two_workers_logging_into_one_workout_at_once_give_each_set_its_own_position(
    app: Any, client: httpx.AsyncClient, database_url: str
) -> None:
    """Each worker's logs read the workout's last position before the other's commit: the store keeps
    one set per position and the log that lost the race is tried again (without it, half the
    positions were taken twice)."""
    import asyncio

    from channels.http.app import create_app
    from tests.conftest import make_settings, register

    lifter = await register(client)
    who = uuid.UUID(lifter.id)
    w = (await client.post("/workouts/start", headers=lifter.headers)).json()
    other = create_app(make_settings(database_url))
    async with other.router.lifespan_context(other):
        workers = [app.state.spotter, other.state.spotter]
        logs = [c.LogSets(who, c.SetEntry(exercise="dip", reps=n), 1, uuid.UUID(w["id"])) for n in range(1, 21)]
        done = await asyncio.gather(*(workers[n % 2].bus.handle(log) for n, log in enumerate(logs)))
    _, rows = await stored(app.state.spotter, w["id"])
    assert [r.position for r in rows] == list(range(1, 21))
    assert sorted(d.sets[0].position for d in done) == list(range(1, 21))
    assert sorted(r.reps for r in rows) == list(range(1, 21))


@pytest.mark.parametrize("tries", [5, 1])
async def test_a_log_waits_for_another_writer_of_its_workout_and_goes_after_its_sets(
    app: Any, client: httpx.AsyncClient, database_url: str, tries: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL: the log locks the workout before it inserts, so a writer that holds the workout
    and then adds a set is never waiting for the log (a deadlock, before). The one-statement log's
    snapshot predates that set: it is refused and tried again. The last try (here, with one try,
    the only one) goes the general way, which locks the workout before it reads its last position."""
    import asyncio

    from sqlalchemy import insert

    from domain.handlers import sets
    from tests.conftest import register

    if not database_url.startswith("postgresql"):
        pytest.skip("row locks: PostgreSQL (SQLite's writers take the whole file in turn)")
    monkeypatch.setattr(sets, "POSITION_TRIES", tries)
    lifter = await register(client)
    spotter, who = app.state.spotter, uuid.UUID(lifter.id)
    w = (await client.post("/workouts/start", headers=lifter.headers)).json()
    first = await spotter.bus.handle(c.LogSets(who, c.SetEntry(exercise="dip", reps=1), 1, uuid.UUID(w["id"])))
    workout_id, exercise_id = uuid.UUID(w["id"]), first.sets[0].exercise_id
    async with spotter.engine.connect() as other:
        await other.execute(text("BEGIN"))
        await other.execute(text("SELECT id FROM workouts WHERE id = :id FOR UPDATE"), {"id": workout_id})
        log = asyncio.ensure_future(
            spotter.bus.handle(c.LogSets(who, c.SetEntry(exercise="dip", reps=3), 1, workout_id))
        )
        await asyncio.sleep(0.3)
        assert not log.done()  # waiting for the workout
        row = {"workout_id": workout_id, "user_id": who, "exercise_id": exercise_id, "position": 2, "reps": 2}
        await asyncio.wait_for(other.execute(insert(WorkoutSet.__table__).values(**row, id=uuid.uuid4())), 5)
        await other.execute(text("COMMIT"))
    done = await asyncio.wait_for(log, 5)
    assert [s.position for s in done.sets] == [3]
    _, rows = await stored(spotter, w["id"])
    assert [(r.position, r.reps) for r in rows] == [(1, 1), (2, 2), (3, 3)]
