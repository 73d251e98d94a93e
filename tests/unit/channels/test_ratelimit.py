"""The in-memory rate-limit counters: fixed windows that start anew when they end."""

from __future__ import annotations

from channels.http.ratelimit import LocalCounts


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


async def test_hits_count_within_a_window_and_start_again_after_it() -> None:
    clock = Clock()
    counts = LocalCounts(clock)
    assert [await counts.incr("u:1", 60) for _ in range(3)] == [1, 2, 3]
    assert await counts.incr("u:2", 60) == 1  # each caller counted apart
    assert await counts.get_expiry("u:1") == clock.now + 60
    clock.now += 59.9
    assert await counts.incr("u:1", 60) == 4  # the window is fixed: it does not slide with each hit
    clock.now += 0.2
    assert await counts.incr("u:1", 60) == 1
    assert await counts.get_expiry("u:1") == clock.now + 60


async def test_ended_windows_are_dropped_at_the_next_sweep() -> None:
    clock = Clock()
    counts = LocalCounts(clock)
    for n in range(100):
        await counts.incr(f"ip:{n}", 10)
    assert counts.tracked == 100
    clock.now += LocalCounts.SWEEP_S
    await counts.incr("ip:new", 10)
    assert counts.tracked == 1
