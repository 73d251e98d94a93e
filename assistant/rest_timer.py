"""Rest timers as jobs, so that one set before a restart (or on another replica) still ends.

`RestTimers.start` announces `rest.started` and enqueues a deferred `rest.end` job for the moment the
rest runs out; a new rest on the same channel cancels the waiting job and announces the old rest
`replaced`. The job (`end`), run by whichever runner takes it up (the in-process runner, or an arq
worker started long after the API that set it), publishes `rest.ended` through the event bus, so
every replica's sockets hear it. Every process watches the bus for that event and tells the channel
that asked ("Rest's up"): the voice sockets open on that replica, or, once for all replicas, a
channel that reaches the lifter wherever it is sent from (Telegram).
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from assistant.events import Published
from assistant.jobs.context import JobContext
from domain import events as ev
from domain import jobs as store
from domain.models import utcnow
from domain.workout_stats import active_workout_id

if TYPE_CHECKING:
    from assistant.spotter import Spotter

log = logging.getLogger(__name__)

REST_END = "rest.end"
NOTICE = "Rest's up. Next set!"
ONCE_TTL_S = 3600  # how long a notice sent once is remembered in Redis (against a second replica)
Notifier = Callable[[uuid.UUID, str, str], Awaitable[None]]


async def end(ctx: JobContext) -> dict[str, Any]:
    """The `rest.end` job: the rest is over, said on the event bus (a cancelled rest never gets here)."""
    channel, workout = str(ctx.args["channel"]), ctx.args.get("workout_id")
    ended = ev.RestEnded(ctx.user_id, {"channel": channel, "reason": "done"}, uuid.UUID(workout) if workout else None)
    await ctx.spotter.publish([ended])
    return {"channel": channel}


class RestTimers:
    """Starts rest timers and tells the channels of this process when one ends."""

    def __init__(self, spotter: Spotter) -> None:
        self.spotter = spotter
        self._notifiers: dict[str, tuple[Notifier, bool]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        if spotter.events is not None:
            spotter.events.hub.watchers.append(self._heard)

    def on_notify(self, channel: str, notifier: Notifier, *, once: bool = False) -> None:
        """How `channel` tells the lifter rest is over. `once`: by one replica only (a chat message),
        not by each (a voice socket is open on one replica, which tells it)."""
        self._notifiers[channel] = (notifier, once)

    async def start(self, user_id: uuid.UUID, channel: str, seconds: int) -> None:
        """`rest.started` now (a waiting rest on this channel ends, replaced) and the job for its end."""
        spotter = self.spotter
        async with spotter.reader() as uow:
            active = await active_workout_id(uow, user_id)
            waiting = await store.queued_for(uow, user_id, REST_END)
        for job_id, args in waiting:
            if args.get("channel") == channel and await spotter.jobs.cancel(job_id):
                await self._announce(ev.RestEnded(user_id, {"channel": channel, "reason": "replaced"}, active))
        ends = utcnow() + timedelta(seconds=seconds)
        data = {"channel": channel, "seconds": seconds, "ends_at": ends.isoformat()}
        await self._announce(ev.RestStarted(user_id, data, active))
        workout = str(active) if active is not None else None
        await spotter.jobs.enqueue(REST_END, user_id, run_at=ends, channel=channel, seconds=seconds, workout_id=workout)

    def _heard(self, event: Published) -> None:
        if event.type != ev.RestEnded.TYPE:
            return
        data = json.loads(event.text).get("data") or {}
        found = self._notifiers.get(str(data.get("channel")))
        if data.get("reason") != "done" or found is None:
            return
        task = asyncio.get_running_loop().create_task(self._tell(event, str(data["channel"]), *found))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _tell(self, event: Published, channel: str, notifier: Notifier, once: bool) -> None:
        try:
            if once and self.spotter.redis is not None:
                key = f"spotter:rest-notice:{event.id}"
                if not await self.spotter.redis.set(key, "1", nx=True, ex=ONCE_TTL_S):
                    return  # another replica told the lifter
            await notifier(event.user_id, channel, NOTICE)
        except Exception:  # a failed push must not take the others down
            log.warning("rest notice to %s failed", channel, exc_info=True)

    async def _announce(self, event: ev.Event) -> None:
        try:
            await self.spotter.publish([event])
        except Exception:  # an announcement lost must not fail the turn
            log.warning("%s not published", event.TYPE, exc_info=True)

    def close(self) -> None:
        if self.spotter.events is not None and self._heard in self.spotter.events.hub.watchers:
            self.spotter.events.hub.watchers.remove(self._heard)
        for task in self._tasks:
            task.cancel()
