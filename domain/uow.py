"""The unit of work: one session, one transaction per command, committed by the handler.

It also collects the domain events its handler adds (domain/events.py) and publishes those of
committed transactions when it ends, after the store's write lock is given back: an event is
never heard of a change that was rolled back, and a failed delivery never undoes a change.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from types import TracebackType
from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.events import Event, Publish

T = TypeVar("T")
log = logging.getLogger(__name__)


class UnitOfWork:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        turns: asyncio.Lock | None = None,
        publish: Publish | None = None,
    ) -> None:
        """`turns`: held from the unit's start to its end, so that units take turns in the order they
        came (SQLite's writers: the pool would hand a freed connection to whoever asks first).
        `publish`: where the events of committed transactions go (None: nowhere)."""
        self._sessions, self._turns, self._publish = sessions, turns, publish
        self._session: AsyncSession | None = None
        self._holding = False  # this unit holds a turn
        self.locked: list[Any] = []  # the workouts this unit locked (domain/handlers/sets.py: lock_workout)
        self.events: list[Event] = []  # added in the open transaction
        self._committed: list[Event] = []

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("UnitOfWork used outside 'async with'")
        return self._session

    async def __aenter__(self) -> UnitOfWork:
        await self._take_turn()
        self._session, self.locked = self._sessions(), []
        self.events, self._committed = [], []
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        session, self._session = self._session, None
        try:
            if session is not None:
                await session.close()  # rolls back whatever was not committed
        finally:
            self._give_turn()
        committed, self._committed, self.events = self._committed, [], []
        if committed and self._publish is not None:
            try:
                await self._publish(committed)
            except Exception:  # the change is committed: a lost announcement must not fail it
                log.warning("publishing %d events failed", len(committed), exc_info=True)

    def add_event(self, *events: Event) -> None:
        """Announce `events` once the open transaction commits (dropped if it rolls back)."""
        self.events.extend(events)

    async def _take_turn(self) -> None:
        if self._turns is not None:
            await self._turns.acquire()
            self._holding = True

    def _give_turn(self) -> None:
        if self._holding:
            assert self._turns is not None
            self._holding = False
            self._turns.release()

    @asynccontextmanager
    async def outside(self) -> AsyncIterator[None]:
        """Slow work that needs no transaction (checking a password hash): what was not committed is
        rolled back and the turn given up meanwhile, so other writers are not kept waiting."""
        await self.rollback()
        self._give_turn()
        try:
            yield
        finally:
            await self._take_turn()

    async def commit(self) -> None:
        self.locked = []
        await self.session.commit()
        self._committed += self.events
        self.events = []

    async def rollback(self) -> None:
        self.locked, self.events = [], []
        await self.session.rollback()

    async def retry_on_race(self, work: Callable[[], Awaitable[T]]) -> T:
        """`work`, and once more in a fresh transaction if it broke a uniqueness rule: another writer
        inserted the same row a moment before (a workout started, a client_id sent twice), which
        the second run then finds."""
        try:
            return await work()
        except IntegrityError:
            await self.rollback()
        return await work()
