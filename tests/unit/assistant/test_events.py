"""The in-process event bus: ids in order, what is kept for resume and when some is not, filters,
and a subscription's bounded queue."""

from __future__ import annotations

import json
import uuid

from assistant.events import Interest, LocalEventBus, Published, event_order
from domain import events as ev


async def test_ids_follow_each_other_in_order_even_within_a_millisecond() -> None:
    now = [1000.0]
    bus = LocalEventBus(clock=lambda: now[0])
    who = uuid.uuid4()
    heard: list[Published] = []
    bus.hub.watchers.append(heard.append)
    await bus.publish([ev.SetLogged(who, {"n": n}) for n in range(3)])
    now[0] = 1000.5
    await bus.publish([ev.SetLogged(who, {"n": 3})])
    assert [e.id for e in heard] == ["1000000-0", "1000000-1", "1000000-2", "1000500-0"]
    message = json.loads(heard[0].text)
    assert message["id"] == "1000000-0" and message["type"] == "set.logged" and message["data"] == {"n": 0}


async def test_resume_gives_the_kept_events_after_an_id_and_says_when_some_are_gone() -> None:
    now = [2000.0]
    bus = LocalEventBus(kept=3, clock=lambda: now[0])
    who = uuid.uuid4()
    for n in range(5):
        now[0] += 1
        await bus.publish([ev.MetricLogged(who, {"n": n})])
    latest = await bus.latest(who)
    assert latest == "2005000-0"
    kept = await bus.since(who, "2003000-0")
    assert [json.loads(e.text)["data"]["n"] for e in kept.events] == [3, 4] and not kept.gap
    assert (await bus.since(who, "2001000-0")).gap  # the events after it are no longer all kept
    assert (await bus.since(who, "1999000-0")).gap  # before this process began
    assert not (await bus.since(uuid.uuid4(), "2004000-0")).gap  # nothing happened to this lifter since


def published(kind: str, workout: str | None = None) -> Published:
    return Published("1-0", kind, uuid.uuid4(), workout, "{}")


def test_an_interest_filters_by_type_family_and_workout() -> None:
    assert Interest.of().wants(published("set.logged"))
    families = Interest.of(["workout.*", "metric.logged"])
    assert families.wants(published("workout.finished")) and families.wants(published("metric.logged"))
    assert not families.wants(published("set.logged"))
    one = Interest.of(["set.logged"], "w1")
    assert one.wants(published("set.logged", "w1"))
    assert not one.wants(published("set.logged", "w2")) and not one.wants(published("set.updated", "w1"))


async def test_a_subscription_that_falls_behind_is_marked_and_holds_no_more() -> None:
    bus = LocalEventBus()
    who = uuid.uuid4()
    sub = bus.hub.subscribe(who, Interest.of(), 4)
    await bus.publish([ev.SetLogged(who, {"n": n}) for n in range(10)])
    assert sub.overflowed.is_set() and sub.queue.qsize() == 4 and sub.most_queued == 4
    sub.close()
    assert bus.hub.by_user == {}


def test_event_ids_are_read_strictly() -> None:
    assert event_order("1700000000000-3") == (1700000000000, 3)
    for bad in ("", "17", "a-1", "1-b", "-1", "1--1", "9" * 50 + "-1"):
        assert event_order(bad) is None
