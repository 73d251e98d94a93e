"""Logging sets through the bus, on every store: the one write path (domain/handlers/sets.py) numbers
sets after the workout's last one under the workout's lock, so writers that race never share a
position, never fail and lose nothing."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import pytest
from sqlalchemy import func, insert, select, text

from domain import commands as c
from domain.errors import Conflict, Invalid
from domain.models import Workout, WorkoutSet
from tests.conftest import Lifter, make_settings, register


async def stored(spotter: Any, workout_id: str | uuid.UUID) -> tuple[Workout, list[WorkoutSet]]:
    async with spotter.reader() as uow:
        workout = await uow.session.get(Workout, uuid.UUID(str(workout_id)))
        rows = (
            await uow.session.scalars(
                select(WorkoutSet).where(WorkoutSet.workout_id == workout.id).order_by(WorkoutSet.position)
            )
        ).all()
    assert workout is not None
    return workout, list(rows)


async def test_sets_go_after_the_last_in_the_lifters_unit(app: Any, client: httpx.AsyncClient) -> None:
    kg = await register(client)
    await client.patch("/me", json={"unit_pref": "kg"}, headers=kg.headers)
    w = (await client.post("/workouts/start", headers=kg.headers)).json()
    one = {"exercise": "dip", "reps": 10}
    assert (await client.post(f"/workouts/{w['id']}/sets", json=one, headers=kg.headers)).status_code == 201
    spotter = app.state.spotter
    entry = c.SetEntry(exercise="barbell-back-squat", reps=5, weight=100)
    done = await spotter.bus.handle(c.LogSets(uuid.UUID(kg.id), entry, 3, uuid.UUID(w["id"])))
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
    workout, rows = await stored(spotter, first.workout.id)
    assert workout.status == "in_progress" and [r.reps for r in rows] == [8, 8, 6]


async def test_repeat_reads_the_last_log_and_writes_in_the_same_unit(app: Any, client: httpx.AsyncClient) -> None:
    lifter = await register(client)
    spotter, who = app.state.spotter, uuid.UUID(lifter.id)
    await spotter.bus.handle(c.LogSets(who, c.SetEntry(exercise="dip", reps=8), 1))
    again = await spotter.bus.handle(c.RepeatLastLog(who, 2))
    _, rows = await stored(spotter, again.workout.id)
    assert [r.position for r in rows] == [1, 2, 3] and [r.reps for r in rows] == [8, 8, 8]


async def test_two_first_logs_at_once_start_one_workout(app: Any, client: httpx.AsyncClient) -> None:
    lifter = await register(client)
    spotter, who = app.state.spotter, uuid.UUID(lifter.id)
    logs = [c.LogSets(who, c.SetEntry(exercise="dip", reps=n), 1) for n in (5, 6, 7)]
    done = await asyncio.gather(*(spotter.bus.handle(log) for log in logs))
    assert len({d.workout.id for d in done}) == 1 and sum(d.workout_started for d in done) == 1
    _, rows = await stored(spotter, done[0].workout.id)
    assert sorted(r.reps for r in rows) == [5, 6, 7] and [r.position for r in rows] == [1, 2, 3]


async def test_one_client_id_sent_twice_at_once_is_one_set(app: Any, client: httpx.AsyncClient) -> None:
    lifter = await register(client)
    spotter, who = app.state.spotter, uuid.UUID(lifter.id)
    w = (await client.post("/workouts/start", headers=lifter.headers)).json()
    entry = c.SetEntry(exercise="dip", reps=9, client_id="phone-1")
    done = await asyncio.gather(*(spotter.bus.handle(c.LogSets(who, entry, 1, uuid.UUID(w["id"]))) for _ in range(4)))
    assert len({d.sets[0].id for d in done}) == 1
    _, rows = await stored(spotter, w["id"])
    assert [(r.position, r.reps, r.client_id) for r in rows] == [(1, 9, "phone-1")]


async def test_fifty_logs_from_two_workers_into_one_workout_at_once(
    app: Any, client: httpx.AsyncClient, database_url: str
) -> None:
    """Two devices, two server processes (here two apps on one store), 50 sets at once: each set
    its own position, every answer a success, every set stored, each version counted once."""
    from channels.http.app import create_app

    lifter = await register(client)
    who = uuid.UUID(lifter.id)
    w = (await client.post("/workouts/start", headers=lifter.headers)).json()
    other = create_app(make_settings(database_url))
    async with other.router.lifespan_context(other):
        workers = [app.state.spotter, other.state.spotter]
        logs = [c.LogSets(who, c.SetEntry(exercise="dip", reps=n), 1, uuid.UUID(w["id"])) for n in range(1, 51)]
        done = await asyncio.gather(*(workers[n % 2].bus.handle(log) for n, log in enumerate(logs)))
    workout, rows = await stored(app.state.spotter, w["id"])
    assert [r.position for r in rows] == list(range(1, 51))
    assert sorted(d.sets[0].position for d in done) == list(range(1, 51))
    assert sorted(r.reps for r in rows) == list(range(1, 51))
    assert sorted(d.workout.version for d in done) == [w["version"] + n for n in range(1, 51)]
    assert workout.version == w["version"] + 50


async def test_a_log_waits_for_another_writer_of_its_workout_and_goes_after_its_sets(
    app: Any, client: httpx.AsyncClient, database_url: str
) -> None:
    """PostgreSQL: a writer outside the app holds the workout's row and adds a set; the log waits
    for it, then numbers its set after that one."""
    if not database_url.startswith("postgresql"):
        pytest.skip("row locks: PostgreSQL (SQLite's writers take the whole store in turn: test_db.py)")
    lifter = await register(client)
    spotter, who = app.state.spotter, uuid.UUID(lifter.id)
    w = (await client.post("/workouts/start", headers=lifter.headers)).json()
    first = await spotter.bus.handle(c.LogSets(who, c.SetEntry(exercise="dip", reps=1), 1, uuid.UUID(w["id"])))
    workout_id, exercise_id = uuid.UUID(w["id"]), first.sets[0].exercise_id
    async with spotter.writer.connect() as other:
        await other.execute(text("SELECT id FROM workouts WHERE id = :id FOR UPDATE"), {"id": workout_id})
        log = asyncio.ensure_future(
            spotter.bus.handle(c.LogSets(who, c.SetEntry(exercise="dip", reps=3), 1, workout_id))
        )
        await asyncio.sleep(0.3)
        assert not log.done()  # waiting for the workout
        row = {"workout_id": workout_id, "user_id": who, "exercise_id": exercise_id, "position": 2, "reps": 2}
        await other.execute(insert(WorkoutSet).values(**row, id=uuid.uuid4()))
        await other.commit()
    done = await asyncio.wait_for(log, 5)
    assert [s.position for s in done.sets] == [3]
    _, rows = await stored(spotter, w["id"])
    assert [(r.position, r.reps) for r in rows] == [(1, 1), (2, 2), (3, 3)]


async def test_every_writer_of_sets_numbers_them_after_the_last(
    app: Any, client: httpx.AsyncClient, lifter: Lifter
) -> None:
    """REST single and batch sync, a workout made with sets, the assistant's repeat: one numbering."""
    spotter, who = app.state.spotter, uuid.UUID(lifter.id)
    made = await client.post(
        "/workouts",
        json={"name": "done", "status": "completed", "client_id": "w-1", "sets": [{"exercise": "dip", "reps": 5}]},
        headers=lifter.headers,
    )
    assert made.status_code == 201, made.text
    wid = made.json()["id"]
    r = await client.post(
        f"/workouts/{wid}/sets", json={"exercise": "dip", "reps": 6, "sets": 2}, headers=lifter.headers
    )
    assert r.status_code == 201, r.text
    batch = {"workouts": [{"client_id": "w-1", "status": "completed", "sets": [{"exercise": "dip", "reps": 7}]}]}
    r = await client.post("/workouts/batch", json=batch, headers=lifter.headers)
    assert r.status_code == 200, r.text
    async with spotter.reader() as uow:
        top = await uow.session.scalar(select(func.max(WorkoutSet.position)).where(WorkoutSet.user_id == who))
    _, rows = await stored(spotter, wid)
    assert [r.position for r in rows] == [1, 2, 3, 4] and [r.reps for r in rows] == [5, 6, 6, 7] and top == 4
