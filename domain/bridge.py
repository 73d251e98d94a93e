"""Synchronous SQLAlchemy work run from async code on greenlets that are kept and reused.

SQLAlchemy's asyncio layer runs each call (`AsyncSession.run_sync`, `commit`, `close`, ...) on a
new greenlet: its `await_` switches to the greenlet's parent with the awaitable, the parent awaits
it and switches back with the result. A new greenlet also gets a new stack for its Python frames,
which the interpreter maps from the kernel on its first call and unmaps when it ends: page faults
and an unmap per call, about 5% of a worker's CPU while logging sets at 32 clients (`perf`). The
greenlets here speak the same protocol (the marker `await_` looks for, the parent switch) but
outlive their call: a finished one waits, frames and all, for the next.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from greenlet import GreenletExit, getcurrent, greenlet

T = TypeVar("T")

KEEP = 64  # idle greenlets kept per thread: more than the calls a worker has in flight


class _Finished:
    __slots__ = ("error", "value")

    def __init__(self, value: Any, error: BaseException | None) -> None:
        self.value, self.error = value, error


class _Pass(greenlet):
    __sqlalchemy_greenlet_provider__ = True  # what sqlalchemy.util.await_ checks for

    def __init__(self) -> None:
        super().__init__(self._serve)

    def _serve(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        while True:
            try:
                done = _Finished(fn(*args), None)
            except GreenletExit:  # thrown in when an abandoned greenlet is collected: end
                raise
            except BaseException as e:  # handed to the caller, as SQLAlchemy's bridge does
                done = _Finished(None, e)
            fn = args = None  # type: ignore[assignment]  # hold nothing while idle
            fn, args = self.parent.switch(done)


_threads = threading.local()


def on_kept_greenlet() -> bool:
    """Whether this code runs on one of these greenlets (through `run_sync`)."""
    return type(getcurrent()) is _Pass


async def run_sync(fn: Callable[..., T], *args: Any) -> T:
    """`fn(*args)` on a kept greenlet, where SQLAlchemy's synchronous API may wait on the loop
    (as `sqlalchemy.util.greenlet_spawn` does, on a greenlet of its own each time)."""
    idle: list[_Pass] = _threads.__dict__.setdefault("idle", [])
    worker = idle.pop() if idle else _Pass()
    driver = getcurrent()
    worker.parent = driver
    worker.gr_context = driver.gr_context  # the caller's context variables, as SQLAlchemy does
    result = worker.switch(fn, args)
    while type(result) is not _Finished:
        try:
            value = await result
        except BaseException:  # the awaited call failed, or this task was cancelled: tell fn
            result = worker.throw(*sys.exc_info())
        else:
            result = worker.switch(value)
    if len(idle) < KEEP:
        idle.append(worker)
    if result.error is not None:
        error, result.error = result.error, None
        raise error
    answer: T = result.value
    return answer
