"""Units of work: one session, one transaction, committed by the handler or rolled back whole."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from domain.models import User
from tests.conftest import Lifter


async def unit_pref(spotter: Any, who: uuid.UUID) -> str | None:
    async with spotter.reader() as uow:
        return await uow.session.scalar(select(User.unit_pref).where(User.id == who))


async def test_what_a_unit_does_not_commit_is_rolled_back(app: Any, lifter: Lifter) -> None:
    spotter, who = app.state.spotter, uuid.UUID(lifter.id)
    with pytest.raises(ValueError):
        async with spotter.uow() as uow:
            await uow.session.execute(update(User).where(User.id == who).values(unit_pref="kg"))
            raise ValueError("refused after writing")
    assert await unit_pref(spotter, who) == "lb"
    async with spotter.uow() as uow:
        await uow.session.execute(update(User).where(User.id == who).values(unit_pref="kg"))
    assert await unit_pref(spotter, who) == "lb"  # never committed
    async with spotter.uow() as uow:
        await uow.session.execute(update(User).where(User.id == who).values(unit_pref="kg"))
        await uow.commit()
    assert await unit_pref(spotter, who) == "kg"


async def test_a_unit_gives_its_connection_back(app: Any, lifter: Lifter) -> None:
    spotter = app.state.spotter
    pool = spotter.engine.sync_engine.pool
    before = pool.checkedout()
    async with spotter.reader() as uow:
        await uow.session.get(User, uuid.UUID(lifter.id))
        assert pool.checkedout() == before + 1
    assert pool.checkedout() == before


async def test_a_unit_used_outside_its_block_is_refused(app: Any) -> None:
    uow = app.state.spotter.uow()
    with pytest.raises(RuntimeError):
        _ = uow.session


async def test_work_that_lost_a_race_on_a_unique_rule_runs_once_more_in_a_fresh_transaction(
    app: Any, lifter: Lifter
) -> None:
    spotter, who = app.state.spotter, uuid.UUID(lifter.id)
    runs: list[int] = []

    async def work(uow: Any) -> str:
        runs.append(len(runs))
        await uow.session.execute(update(User).where(User.id == who).values(display_name=f"try {len(runs)}"))
        if len(runs) == 1:
            raise IntegrityError("INSERT", {}, Exception("duplicate key"))
        await uow.commit()
        return "done"

    async with spotter.uow() as uow:
        assert await uow.retry_on_race(lambda: work(uow)) == "done"
    async with spotter.reader() as uow:
        assert await uow.session.scalar(select(User.display_name).where(User.id == who)) == "try 2"

    async def always_races() -> None:
        raise IntegrityError("INSERT", {}, Exception("duplicate key"))

    async with spotter.uow() as uow:
        with pytest.raises(IntegrityError):
            await uow.retry_on_race(always_races)
