"""The pool's queue serves waiting requests in the order they came, never a newcomer first."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy.util import greenlet_spawn
from sqlalchemy.util.queue import Empty, Full

from domain.pool import FairQueue


async def waiting(queue: FairQueue[str], give_up_after: float | None = None) -> asyncio.Task[str]:
    """A request waiting for a connection (the pool calls `get` inside SQLAlchemy's greenlet)."""
    task = asyncio.create_task(greenlet_spawn(queue.get, True, give_up_after))
    for _ in range(3):
        await asyncio.sleep(0)
    return task


async def test_an_idle_connection_is_taken_without_waiting() -> None:
    queue: FairQueue[str] = FairQueue(2)
    queue.put_nowait("a")
    assert queue.get_nowait() == "a"
    with pytest.raises(Empty):
        queue.get_nowait()


async def test_a_returned_connection_goes_to_the_longest_waiter_not_a_newcomer() -> None:
    queue: FairQueue[str] = FairQueue(2)
    first, second = await waiting(queue), await waiting(queue)
    queue.put("a", block=False)
    with pytest.raises(Empty):  # a request arriving now queues behind the two
        queue.get_nowait()
    queue.put("b", block=False)
    assert await first == "a" and await second == "b"
    assert queue.qsize() == 0


async def test_a_waiter_that_timed_out_is_passed_over() -> None:
    queue: FairQueue[str] = FairQueue(2)
    gone = await waiting(queue, give_up_after=0.01)
    with pytest.raises(Empty):
        await gone
    still = await waiting(queue)
    queue.put_nowait("a")
    assert await still == "a"


async def test_a_connection_handed_to_a_cancelled_request_is_given_back() -> None:
    queue: FairQueue[str] = FairQueue(2)
    task = await waiting(queue)
    queue.put_nowait("a")  # handed over, and the request is cancelled before it runs again
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert queue.get_nowait() == "a"


async def test_idle_connections_last_in_first_out_when_asked() -> None:
    queue: FairQueue[str] = FairQueue(3, use_lifo=True)
    for name in "abc":
        queue.put_nowait(name)
    assert queue.get_nowait() == "c"
    fifo: FairQueue[str] = FairQueue(3)
    for name in "abc":
        fifo.put_nowait(name)
    assert fifo.get_nowait() == "a"


def test_a_full_queue_refuses_more() -> None:
    queue: FairQueue[str] = FairQueue(1)
    queue.put_nowait("a")
    assert queue.full()
    with pytest.raises(Full):  # the pool then closes the extra connection
        queue.put_nowait("b")
