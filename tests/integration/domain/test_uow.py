"""Units of work: Core statements share the unit's transaction; a read-only unit's Core reads take a
plain connection and give it back."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from sqlalchemy import bindparam, event, select, text, update

from domain.models import User
from tests.conftest import Lifter


async def test_core_statements_in_a_unit_share_its_transaction(app: Any, lifter: Lifter) -> None:
    spotter, who = app.state.spotter, uuid.UUID(lifter.id)
    async with spotter.uow() as uow:
        conn = await uow.connection()
        await conn.execute(update(User).where(User.id == who).values(unit_pref="kg"))
        assert (await uow.session.get(User, who)).unit_pref == "kg"  # the session sees it: one transaction
        await uow.rollback()
    async with spotter.reader() as uow:
        assert await (await uow.connection()).scalar(select(User.unit_pref).where(User.id == who)) == "lb"


async def test_a_read_only_unit_gives_back_what_it_took(app: Any, lifter: Lifter) -> None:
    spotter, who = app.state.spotter, uuid.UUID(lifter.id)
    pool = spotter.engine.sync_engine.pool
    before = pool.checkedout()
    async with spotter.reader() as uow:
        assert await (await uow.connection()).scalar(text("SELECT 1")) == 1
        assert (await uow.session.get(User, who)) is not None  # the ORM too, in the same unit
        assert pool.checkedout() >= before + 1
    assert pool.checkedout() == before


async def test_a_read_only_fetch_takes_and_gives_back_a_connection_in_one_pass(
    app: Any, lifter: Lifter, monkeypatch: Any
) -> None:
    import domain.uow as uow_module

    spotter, who = app.state.spotter, uuid.UUID(lifter.id)
    pool = spotter.engine.sync_engine.pool
    before = pool.checkedout()
    passes = 0
    real_run = uow_module.run_sync

    async def counted(fn: Any, *args: Any) -> Any:
        nonlocal passes
        passes += 1
        return await real_run(fn, *args)

    monkeypatch.setattr(uow_module, "run_sync", counted)
    async with spotter.reader() as uow:
        rows = await uow.fetch(select(User.id, User.unit_pref).where(User.id == bindparam("who")), {"who": who})
        assert [tuple(r) for r in rows] == [(who, "lb")]
        assert pool.checkedout() == before  # already given back
    assert passes == 1


async def test_a_fetch_in_a_unit_of_work_sees_its_transaction(app: Any, lifter: Lifter) -> None:
    spotter, who = app.state.spotter, uuid.UUID(lifter.id)
    async with spotter.uow() as uow:
        await (await uow.connection()).execute(update(User).where(User.id == who).values(unit_pref="kg"))
        assert [r.unit_pref for r in await uow.fetch(select(User.unit_pref).where(User.id == who))] == ["kg"]
        await uow.rollback()


@pytest.mark.parametrize("way", ["commit_after", "transaction"])
async def test_work_in_one_pass_commits_or_leaves_nothing(app: Any, lifter: Lifter, way: str) -> None:
    """`commit_after` (in the unit's own transaction) and `transaction` (one of its own)."""
    spotter, who = app.state.spotter, uuid.UUID(lifter.id)
    to_kg = update(User).where(User.id == who).values(unit_pref="kg")

    def fails(conn: Any) -> None:
        conn.execute(to_kg)
        raise ValueError("refused after writing")

    async def unit_prefs() -> list[str]:
        async with spotter.reader() as uow:
            return [r.unit_pref for r in await uow.fetch(select(User.unit_pref).where(User.id == who))]

    async with spotter.uow() as uow:
        with pytest.raises(ValueError):
            await getattr(uow, way)(fails)
    assert await unit_prefs() == ["lb"]
    async with spotter.uow() as uow:
        assert await getattr(uow, way)(lambda conn: conn.execute(to_kg).rowcount) == 1
    assert await unit_prefs() == ["kg"]


async def test_a_statement_alone_is_refused_once_the_unit_began(app: Any, lifter: Lifter) -> None:
    spotter = app.state.spotter
    async with spotter.uow() as uow:
        assert [tuple(r) for r in await uow.run_alone(text("SELECT 1"), {})] == [(1,)]
    async with spotter.uow() as uow:
        await uow.fetch(text("SELECT 1"))  # a transaction is open now
        with pytest.raises(RuntimeError):
            await uow.run_alone(text("SELECT 1"), {})


async def test_a_transaction_of_its_own_opens_no_session_and_is_refused_once_the_unit_began(
    app: Any, lifter: Lifter
) -> None:
    spotter, who = app.state.spotter, uuid.UUID(lifter.id)
    pool = spotter.engine.sync_engine.pool
    before = pool.checkedout()
    to_kg = update(User).where(User.id == who).values(unit_pref="kg")

    def fails(conn: Any) -> None:
        conn.execute(to_kg)
        raise ValueError("refused after writing")

    async with spotter.uow() as uow:
        with pytest.raises(ValueError):
            await uow.transaction(fails)
        assert pool.checkedout() == before  # the connection is back already
        assert uow.fresh  # the unit's own session was never opened
        assert await uow.transaction(lambda conn: conn.execute(to_kg).rowcount) == 1
        assert pool.checkedout() == before
    async with spotter.uow() as uow:
        await uow.fetch(text("SELECT 1"))  # the unit's transaction is open: a second one could deadlock on SQLite
        with pytest.raises(RuntimeError):
            await uow.transaction(lambda conn: conn.execute(to_kg))


async def test_prepared_reads_from_read_only_units_that_arrive_together_go_together(app: Any, lifter: Lifter) -> None:
    """On PostgreSQL in one round trip (domain/batches.py); on SQLite each on its own; the same rows."""
    from domain.prepared import Prepared

    spotter, who = app.state.spotter, uuid.UUID(lifter.id)
    unit_pref = Prepared(select(User.unit_pref).where(User.id == bindparam("who")))
    sends: list[int] = []

    def note(_conn: Any, _cursor: Any, _sql: str, params: Any, _context: Any, many: bool) -> None:
        sends.append(len(params) if many else 1)

    async def read() -> list[str]:
        async with spotter.reader() as uow:
            return [r.unit_pref for r in await uow.fetch(unit_pref, {"who": who})]

    await read()  # the statement's first run (its result types are read then)
    event.listen(spotter.engine.sync_engine, "before_cursor_execute", note)
    try:
        answers = await asyncio.gather(*(read() for _ in range(5)))
    finally:
        event.remove(spotter.engine.sync_engine, "before_cursor_execute", note)
    assert answers == [["lb"]] * 5
    assert sends == ([5] if spotter.engine.dialect.name == "postgresql" else [1] * 5)
