"""Ended sessions, so that their access tokens are refused at once here and within a bounded time
on every other process.

An access token carries its session's id (`sid`, the refresh-token family). Asking the store on
every request whether that session still stands would add a round trip to every call; instead each
process keeps the sessions ended lately in memory and checks a token against that set (a dict
lookup on the hot path). The set is filled two ways:

- at once, by this process, when it ends a session (logout, DELETE /me/sessions/{id},
  revoke-others, a password reset);
- by asking the store, at most every SESSION_REVOCATION_POLL_S (default 2 s) and only when a
  request comes, for the sessions revoked since the last time (an indexed read on
  `refresh_tokens.revoked_at`, a little overlap for clocks and slow commits). That is how the
  other replicas and workers learn of it, with or without Redis, from the one place that decides.

An entry is kept for as long as an access token issued before the revocation can live
(ACCESS_TOKEN_TTL_S, and the overlap): after that no such token is valid anyway. If the store
cannot be read, the set stays as it was (logged) and the next request tries again.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from assistant.spotter import Spotter
from channels.http.security import KnownUsers, read_access, still_there
from domain import sessions
from domain.models import utcnow

log = logging.getLogger(__name__)
OVERLAP = timedelta(seconds=30)


class RevokedSessions:
    def __init__(
        self,
        spotter: Callable[[], Spotter],
        keep_s: float,
        poll_s: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.spotter, self.keep_s, self.poll_s, self.clock = spotter, keep_s + OVERLAP.total_seconds(), poll_s, clock
        self._until: dict[uuid.UUID, float] = {}  # session id -> when it may be forgotten
        self._since: datetime | None = None  # revocations before this (less the overlap) are known
        self._next_poll = 0.0
        self._lock = asyncio.Lock()

    def __contains__(self, session_id: uuid.UUID) -> bool:
        return session_id in self._until

    def add(self, session_ids: Iterable[uuid.UUID]) -> None:
        until = self.clock() + self.keep_s
        for session_id in session_ids:
            self._until[session_id] = until

    @property
    def due(self) -> bool:
        return self.clock() >= self._next_poll

    async def refresh(self) -> None:
        """Learn the sessions other processes revoked (one poll at a time; the others wait for it)."""
        async with self._lock:
            if not self.due:
                return
            started = utcnow()
            since = (self._since or started - timedelta(seconds=self.keep_s)) - OVERLAP
            try:
                async with self.spotter().reader() as uow:
                    found = await sessions.revoked_since(uow, since)
            except Exception:  # the store is down: keep what is known, try again with the next request
                log.warning("could not read revoked sessions; trying again", exc_info=True)
                self._next_poll = self.clock() + min(self.poll_s, 1.0)
                return
            self.add(found)
            self._since, self._next_poll = started, self.clock() + self.poll_s
            now = self.clock()
            if len(self._until) > 1000:
                self._until = {s: t for s, t in self._until.items() if t > now}

    async def ended(self, session_id: uuid.UUID | None) -> bool:
        """Whether a token's session was ended (a token without one, such as a phone stream's, never is)."""
        if session_id is None:
            return False
        if self.due:
            await self.refresh()
        return session_id in self._until


async def socket_user(state: Any, spotter: Spotter, token: str) -> uuid.UUID | None:
    """The user a socket's access token is for, if valid, of a live session and an account still there
    (`state`: the app's, holding `revoked_sessions` and `known_users`)."""
    access = read_access(token, spotter.settings.jwt_secret)
    if access is None:
        return None
    revoked: RevokedSessions = state.revoked_sessions
    known: KnownUsers = state.known_users
    if await revoked.ended(access.session_id) or not await still_there(known, spotter, access.user_id):
        return None
    return access.user_id
