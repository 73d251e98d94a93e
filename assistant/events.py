"""The event bus: committed domain events (domain/events.py) to every subscriber, numbered and kept
a while so that a client that reconnects can resume.

An event goes out once as JSON text (`Published.text`) and is handed to each subscription of its
lifter in this process that wants it (`Interest`). A subscription holds a bounded queue: one that
falls behind by more than its size is marked overflowed, and its socket closes it, instead of the
process buffering without end for a client that does not read.

`LocalEventBus` is the default: ids from this process's clock, the last `kept` events of each
lifter in memory. With `REDIS_URL` the Redis bus (assistant/redis_events.py) numbers and keeps
events in Redis and every replica hears them. Both are chosen in assistant/bootstrap.py.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from collections import OrderedDict, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from domain.events import Event

log = logging.getLogger("spotter.events")


@dataclass(frozen=True)
class Published:
    """One event as subscribers get it: its id, what its filters read, and the message to send."""

    id: str
    type: str
    user_id: uuid.UUID
    workout_id: str | None
    text: str  # {"id", "type", "user_id", "workout_id", "at", "data"}

    @classmethod
    def of(cls, event_id: str, payload: str) -> Published:
        """From an id and the event's JSON without it (as the bus stores it)."""
        head = json.loads(payload)
        return cls(event_id, head["type"], uuid.UUID(head["user_id"]), head["workout_id"], with_id(event_id, payload))


def with_id(event_id: str, payload: str) -> str:
    return '{"id":' + json.dumps(event_id) + "," + payload[1:]


def payload(event: Event) -> str:
    return json.dumps(event.message(), separators=(",", ":"))


def notice(user_id: uuid.UUID, kind: str, message: str) -> Published:
    """A message of the bus itself (not an event: no id), such as `resync`."""
    return Published("", kind, user_id, None, json.dumps({"type": kind, "message": message}))


RESYNC = "Some events may have been missed; reconnect with last_event_id, or read GET /api/v1/sync"


def event_order(event_id: str) -> tuple[int, int] | None:
    """The place of an id ("<milliseconds>-<n>", as Redis streams number entries); None if malformed."""
    ms, dash, n = event_id.partition("-")
    if not dash or not ms.isdigit() or not n.isdigit() or len(event_id) > 40:
        return None
    return int(ms), int(n)


@dataclass(frozen=True)
class Interest:
    """Which events a subscription wants: some types (`set.*` for a family; none given: all), and
    only those of one workout."""

    types: frozenset[str] = frozenset()
    families: tuple[str, ...] = ()
    workout_id: str | None = None

    @classmethod
    def of(cls, types: Sequence[str] = (), workout_id: str | None = None) -> Interest:
        exact = frozenset(t for t in types if not t.endswith(".*"))
        return cls(exact, tuple(t[:-1] for t in types if t.endswith(".*")), workout_id)

    def wants(self, event: Published) -> bool:
        if self.workout_id is not None and event.workout_id != self.workout_id:
            return False
        if not self.types and not self.families:
            return True
        return event.type in self.types or event.type.startswith(self.families)


class Subscription:
    """What one subscriber (a socket) is sent, through a queue of at most `size` messages."""

    def __init__(self, hub: Hub, user_id: uuid.UUID, interest: Interest, size: int) -> None:
        self.hub, self.user_id, self.interest = hub, user_id, interest
        self.queue: asyncio.Queue[Published] = asyncio.Queue(size)
        self.overflowed = asyncio.Event()  # set when the queue was full: the subscriber fell behind
        self.most_queued = 0

    def offer(self, event: Published) -> None:
        if self.overflowed.is_set():
            return
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            self.overflowed.set()
            return
        self.most_queued = max(self.most_queued, self.queue.qsize())

    def close(self) -> None:
        self.hub.remove(self)


class Hub:
    """This process's subscriptions by lifter, and the watchers of every event (in-process consumers)."""

    def __init__(self) -> None:
        self.by_user: dict[uuid.UUID, set[Subscription]] = {}
        self.watchers: list[Callable[[Published], None]] = []

    def subscribe(self, user_id: uuid.UUID, interest: Interest, size: int) -> Subscription:
        sub = Subscription(self, user_id, interest, size)
        self.by_user.setdefault(user_id, set()).add(sub)
        return sub

    def remove(self, sub: Subscription) -> None:
        subs = self.by_user.get(sub.user_id)
        if subs is not None:
            subs.discard(sub)
            if not subs:
                del self.by_user[sub.user_id]

    def deliver(self, event: Published) -> None:
        for sub in tuple(self.by_user.get(event.user_id, ())):
            if event.id == "" or sub.interest.wants(event):
                sub.offer(event)
        for watch in self.watchers:
            try:
                watch(event)
            except Exception:  # one consumer's failure must not stop the others
                log.warning("an event watcher failed", exc_info=True)

    def tell_everyone(self, kind: str, message: str) -> None:
        for user_id in tuple(self.by_user):
            self.deliver(notice(user_id, kind, message))

    @property
    def subscriptions(self) -> int:
        return sum(len(s) for s in self.by_user.values())


@dataclass(frozen=True)
class History:
    """The kept events after an id, and whether some after it may no longer be kept (`gap`)."""

    events: list[Published]
    gap: bool


class EventBus(Protocol):
    hub: Hub

    async def publish(self, events: Sequence[Event]) -> None: ...

    async def since(self, user_id: uuid.UUID, last_id: str) -> History: ...

    async def latest(self, user_id: uuid.UUID) -> str | None: ...

    async def start(self) -> None: ...

    async def aclose(self) -> None: ...


@dataclass
class _Kept:
    events: deque[Published]
    dropped: tuple[int, int] = (0, 0)  # the newest id no longer kept


@dataclass
class LocalEventBus:
    """Events of this process only: numbered by its clock, the last `kept` of each lifter (of at most
    `users` lifters, the least recently active forgotten first) kept for resume."""

    kept: int = 1000
    users: int = 10_000
    hub: Hub = field(default_factory=Hub)
    clock: Callable[[], float] = time.time

    def __post_init__(self) -> None:
        self._history: OrderedDict[uuid.UUID, _Kept] = OrderedDict()
        self._last = (0, 0)
        self._born = (int(self.clock() * 1000), 0)  # events before this process are not known

    def _next_id(self) -> str:
        ms = int(self.clock() * 1000)
        self._last = (ms, 0) if ms > self._last[0] else (self._last[0], self._last[1] + 1)
        return f"{self._last[0]}-{self._last[1]}"

    async def publish(self, events: Sequence[Event]) -> None:
        for event in events:
            published = Published.of(self._next_id(), payload(event))
            self._keep(published)
            self.hub.deliver(published)

    def _keep(self, event: Published) -> None:
        kept = self._history.get(event.user_id)
        if kept is None:
            kept = self._history[event.user_id] = _Kept(deque())
            if len(self._history) > self.users:
                _, forgotten = self._history.popitem(last=False)
                del forgotten
        self._history.move_to_end(event.user_id)
        if len(kept.events) >= self.kept:
            kept.dropped = event_order(kept.events.popleft().id) or kept.dropped
        kept.events.append(event)

    async def since(self, user_id: uuid.UUID, last_id: str) -> History:
        after = event_order(last_id) or (0, 0)
        kept = self._history.get(user_id)
        if kept is None:
            return History([], after < self._born)
        events = [e for e in kept.events if (event_order(e.id) or (0, 0)) > after]
        return History(events, after < max(kept.dropped, self._born))

    async def latest(self, user_id: uuid.UUID) -> str | None:
        kept = self._history.get(user_id)
        return kept.events[-1].id if kept is not None and kept.events else None

    async def start(self) -> None:
        return None

    async def aclose(self) -> None:
        return None


__all__ = [
    "RESYNC",
    "EventBus",
    "History",
    "Hub",
    "Interest",
    "LocalEventBus",
    "Published",
    "Subscription",
    "event_order",
    "notice",
    "payload",
    "with_id",
]
