"""The set page reads its page through the (workout_id, position) index and counts the workout's sets
on that index alone: its cost does not grow with the workout (a window count read, joined and
sorted every set before taking the page)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import text

from domain.queries import _SETS_PAGE, workout_sets
from tests.conftest import Lifter


async def plan(app: Any) -> str:
    spotter = app.state.spotter
    engine = spotter.engine
    params = {"workout_id": str(uuid.uuid4()), "user_id": str(uuid.uuid4()), "offset": 0, "limit": 20}
    compiled = _SETS_PAGE.statement.compile(dialect=engine.dialect)
    sql = str(compiled)
    async with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            positional = tuple(params[name] for name in compiled.positiontup or ())
            rows = await conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, positional)
            return "\n".join(str(r[-1]) for r in rows)
        # The plan PostgreSQL runs: the generic one (domain/db.py), which does not know the limit
        from sqlalchemy.dialects import postgresql

        numbered = _SETS_PAGE.statement.compile(dialect=postgresql.dialect(paramstyle="numeric_dollar"))
        values = ", ".join(
            f"'{params[name]}'" if "id" in name else str(params[name]) for name in numbered.positiontup or ()
        )
        await conn.execute(text("SET enable_seqscan = off"))  # a near-empty table would be scanned
        await conn.execute(text("SET plan_cache_mode = force_generic_plan"))
        await conn.exec_driver_sql("PREPARE page AS " + str(numbered))
        try:
            rows = await conn.exec_driver_sql(f"EXPLAIN EXECUTE page({values})")
            return "\n".join(str(r[0]) for r in rows)
        finally:
            await conn.exec_driver_sql("DEALLOCATE page")


async def long_workout(app: Any, lifter: Lifter, sets: int = 200) -> uuid.UUID:
    from domain import commands as c

    spotter, who = app.state.spotter, uuid.UUID(lifter.id)
    entry = c.SetEntry(exercise="deadlift", reps=5)
    logged = await spotter.bus.handle(c.LogSets(who, entry, count=50))
    for _ in range(sets // 50 - 1):
        await spotter.bus.handle(c.LogSets(who, entry, count=50, workout_id=logged.workout.id))
    async with spotter.engine.connect() as conn:  # statistics, as the server gathers them
        await conn.execute(text("ANALYZE"))
    return logged.workout.id


async def test_a_page_is_read_through_the_index_without_sorting_the_workout(app: Any, lifter: Lifter) -> None:
    await long_workout(app, lifter)
    shown = await plan(app)
    assert "uq_sets_workout_position" in shown
    assert "TEMP B-TREE" not in shown and "WindowAgg" not in shown and "Sort" not in shown, shown


async def test_a_page_of_a_long_workout_reports_every_set(app: Any, lifter: Lifter) -> None:
    spotter, who = app.state.spotter, uuid.UUID(lifter.id)
    workout_id = await long_workout(app, lifter)
    async with spotter.reader() as uow:
        page = await workout_sets(uow, who, workout_id, page=3, limit=20)
    assert page.total == 200 and [r["position"] for r in page.items] == list(range(41, 61))
