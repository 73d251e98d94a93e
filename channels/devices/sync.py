"""Running a device sync: one per lifter and provider at a time in every process (the sync claims
its connection: StartDeviceSync, a Conflict while another holds it), a circuit breaker per provider
(in each process; a `Retry-After` past what a sync waits holds the provider that long), tokens
refreshed before they expire, a log of every sync, the cursor saved once the data is stored.

`pull` reads a cloud provider from the saved cursor (the first time: `backfill_days` back, within
what the provider allows), page by page, each page stored through the one write path
(channels/devices/store.py); `push` stores what a phone sent. Pulls and export imports
(channels/devices/apple_import.py) run as jobs (assistant/device_jobs.py). A
failure leaves the cursor where it was: the next sync reads those records again and the store,
keyed by record id, updates them.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import httpx

from channels.devices.base import Batch, Checks, CloudProvider, Links, NeedsReauth, ProviderDown, Revokes
from channels.devices.cloud import Cloud, Gone, Manners, Sleep, tls
from channels.devices.oauth import due, expires_at, refresh
from channels.devices.store import store
from domain import commands as c
from domain import device_queries
from domain.devices import TokenBox
from domain.errors import Conflict, NotFound

BREAKER_FAILURES = 5  # syncs of a provider failing in a row open its breaker ...
BREAKER_OPEN_S = 60.0  # ... for this long: no calls to it meanwhile
PUSH_LEASE_S = 300.0  # a push's claim (a sync that runs longer frees the connection anyway)
PUSH_WAIT_S = 10.0  # a push waits this long for a running sync before answering 409


@dataclass(frozen=True)
class Outcome:
    status: str  # ok, failed, reauth, skipped
    fetched: int = 0
    stored: int = 0
    error: str | None = None
    log_id: uuid.UUID | None = None
    retry_after: float | None = None  # the provider asked us to wait this long


class Report(Protocol):
    """A job's progress (assistant/jobs/context.py: JobContext.report)."""

    async def __call__(self, progress: float, message: str, *, now: bool = False) -> None: ...


class Breaker:
    def __init__(self) -> None:
        self._failures: dict[str, int] = {}
        self._open_until: dict[str, float] = {}

    def closed(self, provider: str) -> bool:
        return time.monotonic() >= self._open_until.get(provider, 0.0)

    def opens_in(self, provider: str) -> float:
        return max(0.0, self._open_until.get(provider, 0.0) - time.monotonic())

    def hold(self, provider: str, seconds: float) -> None:
        """No calls to the provider for `seconds` (it said so with Retry-After)."""
        self._open_until[provider] = max(self._open_until.get(provider, 0.0), time.monotonic() + seconds)

    def record(self, provider: str, ok: bool) -> None:
        if ok:
            self._failures[provider] = 0
            return
        self._failures[provider] = self._failures.get(provider, 0) + 1
        if self._failures[provider] >= BREAKER_FAILURES:
            self._open_until[provider] = time.monotonic() + BREAKER_OPEN_S
            self._failures[provider] = 0


class DeviceSync:
    def __init__(
        self,
        spotter: Any,
        clouds: dict[str, CloudProvider],
        base_urls: dict[str, str],
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.spotter, self.clouds, self.base_urls, self._sleep = spotter, clouds, base_urls, sleep
        settings = spotter.settings
        self.manners = Manners(settings.device_max_attempts, settings.device_backoff_s, settings.device_max_wait_s)
        self.timeout = settings.device_http_timeout_s
        self.breaker = Breaker()
        self.lease_s = float(settings.job_timeout_s)  # a pull or import holds its connection at most this long

    @property
    def box(self) -> TokenBox:
        box: TokenBox = self.spotter.token_box
        return box

    async def running(self, user_id: uuid.UUID, provider: str) -> bool:
        async with self.spotter.reader() as uow:
            linked = await device_queries.connection(uow, self.box, user_id, provider)
        return linked is not None and linked.busy(datetime.now(UTC))

    async def claim(self, user_id: uuid.UUID, provider: str, trigger: str, lease_s: float, wait_s: float = 0.0) -> Any:
        """Start a sync's log with the connection claimed; Conflict while another sync holds it
        (after waiting up to `wait_s` for it to end)."""
        deadline = time.monotonic() + wait_s
        while True:
            try:
                return await self.spotter.bus.handle(c.StartDeviceSync(user_id, provider, trigger, lease_s))
            except Conflict:
                if time.monotonic() >= deadline:
                    raise
                await asyncio.sleep(0.1)

    async def push(self, user_id: uuid.UUID, provider: str, batch: Batch, cursor: str | None) -> Outcome:
        """Store what a phone sent and keep its next changes token."""
        async with self.spotter.reader() as uow:
            linked = await device_queries.connection(uow, self.box, user_id, provider)
        if linked is None:
            await self.spotter.bus.handle(c.ConnectDevice(user_id, provider))
        log = await self.claim(user_id, provider, "push", PUSH_LEASE_S, PUSH_WAIT_S)
        try:
            stored = await store(self.spotter.bus, user_id, provider, batch)
            await self.spotter.bus.handle(c.AdvanceDeviceCursor(user_id, provider, cursor))
        except BaseException as exc:
            await self.finish(log.id, Outcome("failed", len(batch), error=type(exc).__name__))
            raise
        await self.spotter.bus.handle(c.FinishDeviceSync(log.id, "ok", len(batch), stored))
        return Outcome("ok", len(batch), stored, log_id=log.id)

    async def pull(self, user_id: uuid.UUID, provider: str, trigger: str, record_id: str | None = None) -> Outcome:
        """Read the provider's cloud from the saved cursor (or only `record_id`, which a webhook named)."""
        cloud = self.clouds.get(provider)
        if cloud is None:
            raise NotFound(f"{provider} is not a cloud provider on this server")
        if not self.breaker.closed(provider):
            raise Conflict(f"{provider} has been failing; syncs resume in {self.breaker.opens_in(provider):.0f} s")
        async with self.spotter.reader() as uow:
            linked = await device_queries.connection(uow, self.box, user_id, provider)
        if linked is None or linked.status == "disconnected":
            raise NotFound(f"{provider} is not connected")
        log = await self.claim(user_id, provider, trigger, self.lease_s)
        try:
            # Read again now the connection is ours: a sync that ended since the first read moved the
            # cursor and may have refreshed the tokens (a stale cursor asks for the history twice).
            async with self.spotter.reader() as uow:
                linked = await device_queries.connection(uow, self.box, user_id, provider)
            if linked is None or linked.status == "disconnected":
                raise NotFound(f"{provider} is not connected")
            outcome = await self._pull(cloud, linked, record_id)
        except BaseException as exc:  # a fault of ours (the store down), or cancelled: logged, then raised
            await self.finish(log.id, Outcome("failed", error=type(exc).__name__))
            raise
        self.breaker.record(provider, outcome.status != "failed")
        if outcome.retry_after:
            self.breaker.hold(provider, outcome.retry_after)
        if outcome.status == "reauth":
            await self.spotter.bus.handle(c.SetDeviceStatus(user_id, provider, "reauth"))
        await self.finish(log.id, outcome)
        return Outcome(outcome.status, outcome.fetched, outcome.stored, outcome.error, log.id, outcome.retry_after)

    async def finish(self, log_id: uuid.UUID, outcome: Outcome) -> None:
        with contextlib.suppress(Exception):  # the log is a report: never the reason a sync fails
            await self.spotter.bus.handle(
                c.FinishDeviceSync(log_id, outcome.status, outcome.fetched, outcome.stored, outcome.error)
            )

    async def _pull(self, cloud: CloudProvider, linked: device_queries.Linked, record_id: str | None) -> Outcome:
        fetched = stored = 0
        try:
            token = await self._fresh(cloud, linked)
            async with httpx.AsyncClient(timeout=self.timeout, verify=tls()) as client:
                api = self._api(cloud, client, token)
                if record_id is not None:
                    try:
                        batch = await cloud.one(api, record_id)
                    except Gone:
                        return Outcome("ok")
                    stored = await store(self.spotter.bus, linked.user_id, cloud.name, batch)
                    return Outcome("ok", len(batch), stored)
                since = datetime.now(UTC) - timedelta(days=cloud.backfill_days)
                cursor = linked.cursor
                async for batch, after in cloud.pages(api, linked.cursor, int(since.timestamp())):
                    cursor = after
                    fetched += len(batch)
                    stored += await store(self.spotter.bus, linked.user_id, cloud.name, batch)
            await self.spotter.bus.handle(c.AdvanceDeviceCursor(linked.user_id, cloud.name, cursor))
        except NeedsReauth as exc:
            return Outcome("reauth", fetched, stored, str(exc) or "connect again")
        except ProviderDown as exc:
            return Outcome("failed", fetched, stored, str(exc), retry_after=exc.retry_after)
        return Outcome("ok", fetched, stored)

    def _api(self, cloud: CloudProvider, client: httpx.AsyncClient, token: str) -> Cloud:
        check = cloud.check if isinstance(cloud, Checks) else None
        return Cloud(client, self.base_urls[cloud.name], token, self.manners, self._sleep, check)

    async def link(self, provider: str, token: dict[str, Any], public_base: str) -> str | None:
        """After the code exchange: the provider's user id and the lifter's subscription, for a
        provider that needs them (channels/devices/base.py `Links`); raises NeedsReauth, ProviderDown."""
        cloud = self.clouds[provider]
        found = cloud.external_user(token)
        if isinstance(cloud, Links):
            async with httpx.AsyncClient(timeout=self.timeout, verify=tls()) as client:
                found = await cloud.linked(self._api(cloud, client, str(token["access_token"])), token, public_base)
        return found

    async def revoke(self, user_id: uuid.UUID, provider: str, public_base: str) -> bool:
        """Tell the provider to forget us (tokens, subscriptions) where it can be told: done or not,
        the lifter is disconnected here; whether it worked is only reported."""
        cloud = self.clouds.get(provider)
        if cloud is None or not isinstance(cloud, Revokes):
            return False
        async with self.spotter.reader() as uow:
            linked = await device_queries.connection(uow, self.box, user_id, provider)
        if linked is None or not linked.tokens or linked.status == "disconnected":
            return False
        try:
            token = await self._fresh(cloud, linked)
            tokens = {**linked.tokens, "access_token": token}
            async with httpx.AsyncClient(timeout=self.timeout, verify=tls()) as client:
                await cloud.revoke(self._api(cloud, client, token), tokens, public_base)
        except (NeedsReauth, ProviderDown, Gone):
            return False
        return True

    async def deliver(self, user_id: uuid.UUID, provider: str, batch: Batch) -> Outcome:
        """Store records a provider pushed in a webhook (Garmin's push summaries); the cursor stays."""
        log = await self.claim(user_id, provider, "webhook", PUSH_LEASE_S, PUSH_WAIT_S)
        try:
            stored = await store(self.spotter.bus, user_id, provider, batch)
        except BaseException as exc:
            await self.finish(log.id, Outcome("failed", len(batch), error=type(exc).__name__))
            raise
        await self.spotter.bus.handle(c.FinishDeviceSync(log.id, "ok", len(batch), stored))
        return Outcome("ok", len(batch), stored, log_id=log.id)

    async def _fresh(self, cloud: CloudProvider, linked: device_queries.Linked) -> str:
        """An access token that will not expire during the sync (refreshed when due)."""
        tokens = linked.tokens
        if not tokens or "access_token" not in tokens:
            raise NeedsReauth("no tokens kept for this connection")
        app = cloud.oauth()
        if app is None or not due(linked.expires_at):
            return str(tokens["access_token"])
        if not tokens.get("refresh_token"):
            raise NeedsReauth("the token expired and there is no refresh token")
        fresh = await refresh(app, str(tokens["refresh_token"]), self.timeout)
        fresh.setdefault("refresh_token", tokens["refresh_token"])
        await self.spotter.bus.handle(c.UpdateDeviceTokens(linked.user_id, cloud.name, fresh, expires_at(fresh)))
        return str(fresh["access_token"])
