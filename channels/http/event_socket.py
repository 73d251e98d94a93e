"""Event sockets (api.md, "live"): `/workouts/{id}/live` and `/events`. Wire format only: the
events come from the bus (assistant/events.py) as JSON text and go out as they are.

1. The client sends the auth message first (channels/http/event_start.py); the server answers
   `{"type": "ready", "last_event_id", "heartbeat_s"}`.
2. With `last_event_id`, the kept events after it come first (`{"type": "resync"}` before them
   when some are no longer kept), then live ones, each `{"id", "type", "workout_id", "at", "data"}`.
3. An idle socket gets `{"type": "ping"}` every EVENTS_HEARTBEAT_S; a client may send
   `{"type": "ping"}` and is answered `{"type": "pong"}`.
4. On /live, `{"type": "workout.stats"}` follows every change to the workout (and opens the socket).

Each socket has a queue of at most EVENTS_QUEUE_SIZE messages: a client that falls that far behind,
or does not take one message within EVENTS_SEND_TIMEOUT_S, is closed with 4503 (SLOW_CONSUMER);
it may reconnect with its last event id. Close codes: 4400 bad first message, 4401 not signed in,
4404 another lifter's (or no such) workout, 4408 no auth message in time, 4429 flood, 1009 a
message too large.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from datetime import UTC, datetime
from typing import Literal, NoReturn

from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from assistant.events import Interest, Published, Subscription, event_order, notice
from assistant.spotter import Spotter
from channels.http.event_start import BadStart, Start, read_start
from channels.http.flood import CLOSE_FLOOD, Budget
from channels.http.security import read_access_token, still_there
from domain import queries
from domain.workout_stats import owns_workout, workout_stats

CLOSE_BAD_REQUEST, CLOSE_AUTH, CLOSE_NOT_FOUND, CLOSE_IDLE = 4400, 4401, 4404, 4408
CLOSE_SLOW, CLOSE_TOO_BIG = 4503, 1009
MAX_CLIENT_MESSAGE = 4096
LIVE_TYPES = (
    "set.logged",
    "set.updated",
    "set.deleted",
    "rest.started",
    "rest.ended",
    "pr.set",
    "workout.updated",
    "workout.finished",
    "workout.cancelled",
    "workout.deleted",
)
Ending = Literal["gone", "slow"]


class _Closed(Exception):
    pass


def _now() -> str:
    return datetime.now(UTC).isoformat()


class EventSocket:
    def __init__(self, ws: WebSocket, spotter: Spotter, workout_id: str | None = None) -> None:
        self.ws, self.spotter, self.settings = ws, spotter, spotter.settings
        self.live = workout_id  # the workout of a /live socket; None on /events
        self.user_id: uuid.UUID | None = None
        self.sent_up_to: tuple[int, int] = (0, 0)  # the last event sent, so none goes out twice
        self.budget = Budget(10.0)  # client messages per second (2 s burst)

    async def run(self) -> None:
        await self.ws.accept()
        try:
            start = await self._start()
            assert self.user_id is not None and self.spotter.events is not None
            types = LIVE_TYPES if self.live else start.types
            interest = Interest.of(types, self.live)
            sub = self.spotter.events.hub.subscribe(self.user_id, interest, self.settings.events_queue_size)
            try:
                await self._serve(sub, start)
            finally:
                sub.close()
        except (_Closed, WebSocketDisconnect):
            pass

    async def _fail(self, code: str, message: str, close_code: int) -> NoReturn:
        with contextlib.suppress(Exception):
            async with asyncio.timeout(self.settings.events_send_timeout_s):
                await self.ws.send_text(json.dumps({"type": "error", "code": code, "message": message}))
                await self.ws.close(close_code, code)
        raise _Closed

    async def _start(self) -> Start:
        try:
            async with asyncio.timeout(self.settings.events_auth_timeout_s):
                message = await self.ws.receive()
        except TimeoutError:
            await self._fail("IDLE_TIMEOUT", "No auth message in time; closing", CLOSE_IDLE)
        if message["type"] == "websocket.disconnect":
            raise _Closed
        try:
            start = read_start(message.get("text"), filters=self.live is None)
        except BadStart as exc:
            await self._fail("BAD_START", str(exc), CLOSE_BAD_REQUEST)
        self.user_id = await self._who(start)
        if self.user_id is None:
            await self._fail("AUTH_REQUIRED", "A valid access token or API key (read scope) is required", CLOSE_AUTH)
        if self.live is not None:
            workout = _uuid(self.live)
            async with self.spotter.reader() as uow:
                mine = workout is not None and await owns_workout(uow, self.user_id, workout)
            if not mine:
                await self._fail("NOT_FOUND", "Workout not found", CLOSE_NOT_FOUND)
        return start

    async def _who(self, start: Start) -> uuid.UUID | None:
        if start.token:
            user = read_access_token(start.token, self.settings.jwt_secret)
            if user is not None and await still_there(self.ws.app.state.known_users, self.spotter, user):
                return user
            return None
        async with self.spotter.reader() as uow:
            found = await queries.api_key_owner(uow, start.api_key or "")
        if found is None or not ({"read", "write"} & set(found.scopes)):
            return None
        return found.user_id

    async def _serve(self, sub: Subscription, start: Start) -> None:
        try:
            await self._catch_up(sub, start)
            ending = await self._pump(sub)
        except TimeoutError:  # a client that does not take what it asked for (its missed events)
            ending = "slow"
        if ending == "slow":
            with contextlib.suppress(Exception):
                async with asyncio.timeout(self.settings.events_send_timeout_s):
                    await self.ws.close(CLOSE_SLOW, "SLOW_CONSUMER")

    async def _catch_up(self, sub: Subscription, start: Start) -> None:
        """`ready`, then the kept events after `last_event_id` (and a `resync` if some are gone), then
        on /live the workout's stats; live events wait in the subscription's queue meanwhile."""
        assert self.user_id is not None and self.spotter.events is not None
        bus = self.spotter.events
        latest = await bus.latest(self.user_id)
        await self._send_json(
            {
                "type": "ready",
                "workout_id": self.live,
                "last_event_id": latest,
                "heartbeat_s": self.settings.events_heartbeat_s,
            }
        )
        if start.last_event_id is not None:
            kept = await bus.since(self.user_id, start.last_event_id)
            if kept.gap:
                await self._send(notice(self.user_id, "resync", "Some events after last_event_id are no longer kept"))
            for event in kept.events:
                if sub.interest.wants(event):
                    await self._send(event)
        if self.live is not None:
            await self._stats()

    async def _pump(self, sub: Subscription) -> Ending:
        """Events out and client messages in, until the client leaves or falls behind."""
        tasks = {
            asyncio.create_task(self._sender(sub)),
            asyncio.create_task(self._receiver(sub)),
            asyncio.create_task(_overflow(sub)),
        }
        try:
            done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
        first = done.pop()
        if first.cancelled() or first.exception() is not None:
            return "gone"
        return first.result()

    async def _sender(self, sub: Subscription) -> Ending:
        heartbeat = self.settings.events_heartbeat_s
        while True:
            try:
                async with asyncio.timeout(heartbeat):  # not wait_for: on 3.11 it may swallow a cancellation
                    event: Published | None = await sub.queue.get()
            except TimeoutError:
                event = None
            if sub.overflowed.is_set():
                return "slow"
            try:
                if event is None:
                    await self._send_json({"type": "ping", "at": _now()})
                    continue
                sent = await self._send(event)
                if sent and self.live is not None and event.type.startswith(("set.", "workout.")) and sub.queue.empty():
                    await self._stats()
            except TimeoutError:
                return "slow"
            except _Closed:
                return "gone"

    async def _receiver(self, sub: Subscription) -> Ending:
        assert self.user_id is not None
        while True:
            message = await self.ws.receive()
            if message["type"] == "websocket.disconnect":
                return "gone"
            text, data = message.get("text"), message.get("bytes")
            size = len(text or "") + len(data or b"")
            if size > MAX_CLIENT_MESSAGE:
                limit = f"Messages are limited to {MAX_CLIENT_MESSAGE} bytes"
                await self._fail("MESSAGE_TOO_LARGE", limit, CLOSE_TOO_BIG)
            if not self.budget.spend(1):
                await self._fail("RATE_LIMITED", f"More than {self.budget.rate:g} messages per second", CLOSE_FLOOD)
            try:
                kind = json.loads(text or "").get("type")
            except (ValueError, AttributeError):
                kind = None
            if kind == "ping":
                sub.offer(Published("", "pong", self.user_id, None, json.dumps({"type": "pong", "at": _now()})))
            else:
                error = {"type": "error", "code": "BAD_MESSAGE", "message": 'Only {"type": "ping"} is taken'}
                sub.offer(Published("", "error", self.user_id, None, json.dumps(error)))

    async def _send(self, event: Published) -> bool:
        """Send one message from the bus; an event already sent (replayed, then heard live) is skipped."""
        if event.id:
            order = event_order(event.id) or (0, 0)
            if order <= self.sent_up_to:
                return False
            self.sent_up_to = order
        await self._send_text(event.text)
        return True

    async def _stats(self) -> None:
        assert self.user_id is not None and self.live is not None
        workout = _uuid(self.live)
        assert workout is not None
        async with self.spotter.reader() as uow:
            stats = await workout_stats(uow, self.user_id, workout)
        if stats is not None:
            await self._send_json({"type": "workout.stats", "workout_id": self.live, "at": _now(), "data": stats})

    async def _send_json(self, message: dict[str, object]) -> None:
        await self._send_text(json.dumps(message))

    async def _send_text(self, text: str) -> None:
        """One message out; TimeoutError when the client has not taken it within EVENTS_SEND_TIMEOUT_S."""
        if self.ws.application_state != WebSocketState.CONNECTED:
            raise _Closed
        try:
            async with asyncio.timeout(self.settings.events_send_timeout_s):
                await self.ws.send_text(text)
        except TimeoutError:
            raise
        except Exception as exc:  # the client is gone (uvicorn and Starlette raise different errors for it)
            raise _Closed from exc


async def _overflow(sub: Subscription) -> Ending:
    await sub.overflowed.wait()
    return "slow"


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None
