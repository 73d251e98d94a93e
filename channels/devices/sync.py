"""Running a device sync: one per lifter and provider at a time, a circuit breaker per provider,
tokens refreshed before they expire, a log of every sync, the cursor saved once the data is stored.

`pull` reads a cloud provider from the saved cursor (the first time: `backfill_days` back, within
what the provider allows), page by page, each page stored through the one write path
(channels/devices/store.py); `push` stores what a phone sent. A failure leaves the cursor where it
was: the next sync reads those records again and the store, keyed by record id, updates them.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

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


@dataclass(frozen=True)
class Outcome:
    status: str  # ok, failed, reauth, skipped
    fetched: int = 0
    stored: int = 0
    error: str | None = None
    log_id: uuid.UUID | None = None


class Breaker:
    def __init__(self) -> None:
        self._failures: dict[str, int] = {}
        self._open_until: dict[str, float] = {}

    def closed(self, provider: str) -> bool:
        return time.monotonic() >= self._open_until.get(provider, 0.0)

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
        self._locks: dict[tuple[uuid.UUID, str], asyncio.Lock] = {}

    @property
    def box(self) -> TokenBox:
        box: TokenBox = self.spotter.token_box
        return box

    def lock(self, user_id: uuid.UUID, provider: str) -> asyncio.Lock:
        return self._locks.setdefault((user_id, provider), asyncio.Lock())

    def running(self, user_id: uuid.UUID, provider: str) -> bool:
        return self.lock(user_id, provider).locked()

    async def push(self, user_id: uuid.UUID, provider: str, batch: Batch, cursor: str | None) -> Outcome:
        """Store what a phone sent and keep its next changes token."""
        async with self.lock(user_id, provider):
            async with self.spotter.reader() as uow:
                linked = await device_queries.connection(uow, self.box, user_id, provider)
            if linked is None:
                await self.spotter.bus.handle(c.ConnectDevice(user_id, provider))
            log = await self.spotter.bus.handle(c.StartDeviceSync(user_id, provider, "push"))
            stored = await store(self.spotter.bus, user_id, provider, batch)
            await self.spotter.bus.handle(c.AdvanceDeviceCursor(user_id, provider, cursor))
            await self.spotter.bus.handle(c.FinishDeviceSync(log.id, "ok", len(batch), stored))
            return Outcome("ok", len(batch), stored, log_id=log.id)

    async def pull(self, user_id: uuid.UUID, provider: str, trigger: str, record_id: str | None = None) -> Outcome:
        """Read the provider's cloud from the saved cursor (or only `record_id`, which a webhook named)."""
        cloud = self.clouds.get(provider)
        if cloud is None:
            raise NotFound(f"{provider} is not a cloud provider on this server")
        if not self.breaker.closed(provider):
            raise Conflict(f"{provider} has been failing; syncs resume in a minute")
        async with self.lock(user_id, provider):
            async with self.spotter.reader() as uow:
                linked = await device_queries.connection(uow, self.box, user_id, provider)
            if linked is None or linked.status == "disconnected":
                raise NotFound(f"{provider} is not connected")
            log = await self.spotter.bus.handle(c.StartDeviceSync(user_id, provider, trigger))
            try:
                outcome = await self._pull(cloud, linked, record_id)
            except Exception as exc:  # a fault of ours (the store down): logged as failed, then raised
                await self._finish(log.id, Outcome("failed", error=type(exc).__name__))
                raise
            self.breaker.record(provider, outcome.status != "failed")
            if outcome.status == "reauth":
                await self.spotter.bus.handle(c.SetDeviceStatus(user_id, provider, "reauth"))
            await self._finish(log.id, outcome)
            return Outcome(outcome.status, outcome.fetched, outcome.stored, outcome.error, log.id)

    async def _finish(self, log_id: uuid.UUID, outcome: Outcome) -> None:
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
            return Outcome("failed", fetched, stored, str(exc))
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
        async with self.lock(user_id, provider):
            log = await self.spotter.bus.handle(c.StartDeviceSync(user_id, provider, "webhook"))
            stored = await store(self.spotter.bus, user_id, provider, batch)
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
