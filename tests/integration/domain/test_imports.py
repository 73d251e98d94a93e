"""The import command keeps records right (they equal a brute-force recomputation from the stored
sets) whether the imported history comes after everything stored, before a set logged today, or
interleaved with an earlier import; a stored workout missing sets gets them, numbered after its own."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from assistant.importing import job
from assistant.jobs.context import JobContext
from domain import commands as c
from tests.fakes.exports import history, strong_csv
from tests.integration.domain.test_records_property import brute_force, stored


async def new_lifter(spotter: Any) -> uuid.UUID:
    user = await spotter.bus.handle(
        c.Register(email=f"imp-{uuid.uuid4().hex[:10]}@example.com", password="correct horse battery", unit_pref="kg")
    )
    return uuid.UUID(str(user.id))


async def run_import(spotter: Any, user_id: uuid.UUID, text: str) -> dict[str, Any]:
    return await job.run(JobContext(spotter, user_id, {}, text))


async def records_are_right(spotter: Any, user_id: uuid.UUID) -> int:
    sets, records = await stored(spotter, user_id)
    assert records == brute_force(sets)
    return len(records)


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(job, "BATCH_WORKOUTS", 3)  # many batches, each extending what the last wrote


async def test_an_imported_history_has_the_records_its_sets_make(app: Any, small_batches: None) -> None:
    spotter = app.state.spotter
    user_id = await new_lifter(spotter)
    await run_import(spotter, user_id, strong_csv(history(0.1, seed=5)))
    assert await records_are_right(spotter, user_id) > 0


async def test_history_imported_before_a_set_logged_today_or_between_imports(app: Any, small_batches: None) -> None:
    spotter = app.state.spotter
    user_id = await new_lifter(spotter)
    entry = c.SetEntry("barbell-bench-press", reps=5, weight=70.0, unit="kg")
    await spotter.bus.handle(c.LogSets(user_id, entry))
    await spotter.bus.handle(c.FinishWorkout(user_id))
    await run_import(spotter, user_id, strong_csv(history(0.06, seed=1)))
    await records_are_right(spotter, user_id)
    later_start = datetime(2020, 1, 9, 12, 0)  # between the first import's workouts
    await run_import(spotter, user_id, strong_csv(history(0.06, seed=2, start=later_start)))
    await records_are_right(spotter, user_id)


async def test_a_stored_workout_missing_sets_gets_them_after_its_own(app: Any) -> None:
    spotter = app.state.spotter
    user_id = await new_lifter(spotter)
    started = datetime(2024, 3, 1, 7, 0, tzinfo=UTC)

    def workout(*reps: int) -> c.WorkoutEntry:
        sets = tuple(
            c.SetEntry("deadlift", reps=r, weight=100.0 + 10 * i, unit="kg", client_id=f"w1:{i}")
            for i, r in enumerate(reps)
        )
        return c.WorkoutEntry("w1", "Pull", "completed", started, started + timedelta(hours=1), sets=sets)

    first = await spotter.bus.handle(c.ImportWorkouts(user_id, (workout(5, 5),)))
    assert (first.workouts_created, first.sets_created) == (1, 2)
    again = await spotter.bus.handle(c.ImportWorkouts(user_id, (workout(5, 5, 3),)))
    assert (again.workouts_existing, again.sets_existing, again.sets_created) == (1, 2, 1)
    sets, _ = await stored(spotter, user_id)
    assert sorted(s[8] for s in sets) == [1, 2, 3]
    await records_are_right(spotter, user_id)
