"""Short write transactions from concurrent requests, done as one SQLite transaction.

A set logged on SQLite is a transaction of its own (domain/handlers/sets.py): take the write lock,
read, insert, bump the workout's version, write the changed pages to the write-ahead log, let go.
With two workers writing, every transaction also starts by dropping the page cache the other
worker's last commit made stale and reading those pages again. Work that reaches this point in the
same turn of a worker's event loop is done together instead: one lock, one commit, each changed page
written once.

Sharing a transaction changes nothing a caller can see: each work sees what the ones before it
wrote, in arrival order; if any of them raises, all of it is rolled back and each work runs again in
a transaction of its own, so each caller gets its own answer or its own error. A work must
therefore read and write only through the connection it is given, and do nothing else that could
not run twice.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from domain.bridge import run_sync

T = TypeVar("T")


@dataclass(eq=False)
class _Work(Generic[T]):
    work: Callable[[Connection], T]
    answer: asyncio.Future[T]


class SharedTransactions:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._waiting: list[_Work[Any]] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self.transactions = self.works = 0  # how many of each were done (tests, benchmarks)

    async def run(self, work: Callable[[Connection], T]) -> T:
        """`work(connection)`'s answer once its transaction is committed (see above)."""
        loop = asyncio.get_running_loop()
        waiting = _Work(work, loop.create_future())
        self._waiting.append(waiting)
        if len(self._waiting) == 1:  # the first of this turn: the rest of the turn joins it
            task = loop.create_task(self._do_waiting())
            self._tasks.add(task)  # the loop keeps only a weak reference to a task
            task.add_done_callback(self._tasks.discard)
        answer: T = await waiting.answer
        return answer

    async def _do_waiting(self) -> None:
        batch = [w for w in self._waiting if not w.answer.done()]  # callers that gave up: nothing done
        self._waiting = []
        if not batch:
            return
        try:
            if len(batch) > 1:
                try:
                    answers = await run_sync(self._together, [w.work for w in batch])
                except Exception:  # rolled back as a whole: each alone now
                    pass
                else:
                    for w, answer in zip(batch, answers, strict=True):
                        _answer(w, answer, None)
                    return
            for w in batch:
                if w.answer.done():  # gave up meanwhile
                    continue
                try:
                    [answer] = await run_sync(self._together, [w.work])
                    _answer(w, answer, None)
                except Exception as e:
                    _answer(w, None, e)
        except BaseException as e:  # cancelled: tell whoever is still waiting
            for w in batch:
                _answer(w, None, e)
            raise

    def _together(self, works: list[Callable[[Connection], Any]]) -> list[Any]:
        self.transactions += 1
        self.works += len(works)
        with self.engine.sync_engine.begin() as conn:
            # The write lock before the works read (the driver would begin only at the first write):
            # what they read, a workout's last position, is still so when they write after it.
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            return [work(conn) for work in works]


def _answer(w: _Work[Any], answer: Any, error: BaseException | None) -> None:
    if w.answer.done():
        return
    if error is not None:
        w.answer.set_exception(error)
    else:
        w.answer.set_result(answer)
