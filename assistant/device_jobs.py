"""Device syncs as jobs: a provider read (backfill on connect, by schedule, by hand, by webhook) and
an Apple Health export import, each run by the job runner (assistant/jobs) so that it outlives the
request, retries, and shows its progress at GET /jobs/{id}.

The providers live in channels/devices/; a process that runs jobs attaches them as `spotter.devices`
(a `DeviceService`). One sync per lifter and provider runs at a time in every process (the
connection is claimed: domain/handlers/devices.py): a sync job finding another running ends
`skipped`, except a webhook's, which is tried again later (it names a record the other may miss).
`due_syncs` enqueues the incremental syncs of cloud connections not synced for
DEVICE_SYNC_EVERY_MIN: every few minutes by arq's cron in `python -m assistant worker`, or by
`Schedule` in the app's process without Redis.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from assistant.jobs.context import JobContext
from domain import device_queries
from domain import jobs as job_store
from domain.errors import Conflict, DomainError, Invalid

if TYPE_CHECKING:
    from assistant.spotter import Spotter

log = logging.getLogger("spotter.devices")
SYNC_DEVICE = "sync_device"
IMPORT_APPLE_HEALTH = "import_apple_health"
IMPORT_TRIES = 2
CHECK_EVERY_S = 300.0  # how often due syncs are looked for


class DeviceService(Protocol):
    @property
    def clouds(self) -> list[str]: ...

    async def pull(self, user_id: uuid.UUID, provider: str, trigger: str, record_id: str | None = None) -> Any: ...

    async def import_export(self, user_id: uuid.UUID, path: Path, report: Any) -> dict[str, Any]: ...


class SyncFailed(DomainError):
    """The provider failed or refused us (the sync log says how); the next scheduled sync tries again."""

    code = "SYNC_FAILED"


class SyncBusy(Exception):
    """Another sync held the connection: this job is tried again later."""


def devices(spotter: Spotter) -> DeviceService:
    found: DeviceService | None = spotter.devices
    if found is None:
        raise RuntimeError("device sync is not attached to this process (channels.devices.service:attach)")
    return found


async def sync_device(ctx: JobContext) -> dict[str, Any]:
    """Args: provider, trigger (manual, schedule, backfill, webhook), record_id (a webhook's)."""
    provider, trigger = str(ctx.args["provider"]), str(ctx.args.get("trigger") or "manual")
    record_id = ctx.args.get("record_id")
    await ctx.report(0.0, f"syncing {provider}", now=True)
    try:
        outcome = await devices(ctx.spotter).pull(ctx.user_id, provider, trigger, record_id)
    except Conflict as exc:
        if trigger == "webhook":
            raise SyncBusy(exc.message) from exc
        return {"status": "skipped", "reason": exc.message}
    result = {
        "status": outcome.status,
        "fetched": outcome.fetched,
        "stored": outcome.stored,
        "sync_log_id": str(outcome.log_id) if outcome.log_id else None,
    }
    if outcome.status in ("failed", "reauth"):
        reason = outcome.error or "see its sync log"
        raise SyncFailed(f"{provider} sync {outcome.status}: {reason} (sync log {result['sync_log_id']})")
    return result


def upload_path(spotter: Spotter, name: str) -> Path:
    """Where an upload named `name` waits (a bare file name: nothing outside the upload folder)."""
    return Path(spotter.settings.device_upload_dir) / Path(name).name


async def import_apple_health(ctx: JobContext) -> dict[str, Any]:
    """Args: upload (the file's name in DEVICE_UPLOAD_DIR). The file goes once the job has ended."""
    path = upload_path(ctx.spotter, str(ctx.args["upload"]))
    done = True
    try:
        if not path.is_file():
            raise Invalid.field(
                "file", "the uploaded file is gone (the job ran on a worker without the upload folder?)"
            )
        return await devices(ctx.spotter).import_export(ctx.user_id, path, ctx.report)
    except DomainError:
        raise
    except Exception:
        done = ctx.attempt >= IMPORT_TRIES  # tried again: the file stays for the next try
        raise
    finally:
        if done:
            with contextlib.suppress(OSError):
                path.unlink()


async def due_syncs(spotter: Spotter) -> int:
    """Enqueue a sync of every cloud connection due one (none twice: a queued one is left be)."""
    every = spotter.settings.device_sync_every_min
    service = spotter.devices
    if not every or service is None or not service.clouds:
        return 0
    now = datetime.now(UTC)
    async with spotter.reader() as uow:
        found = await device_queries.due(uow, service.clouds, now - timedelta(minutes=every), now)
        waiting = {(u, str(a.get("provider"))) for u, a in await job_store.pending(uow, SYNC_DEVICE)}
    count = 0
    for user_id, provider in found:
        if (user_id, provider) in waiting:
            continue
        await spotter.jobs.enqueue(SYNC_DEVICE, user_id, provider=provider, trigger="schedule")
        count += 1
    return count


async def cron_due_syncs(ctx: dict[str, Any]) -> None:
    """arq's cron: the worker's spotter enqueues what is due."""
    await due_syncs(ctx["spotter"])


class Schedule:
    """Without Redis: look for due syncs every CHECK_EVERY_S in this process."""

    def __init__(self, spotter: Spotter, every_s: float = CHECK_EVERY_S) -> None:
        self.spotter, self.every_s = spotter, every_s
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None and self.spotter.settings.device_sync_every_min:
            self._task = asyncio.create_task(self._loop(), name="spotter-device-schedule")

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self.every_s)
            try:
                await due_syncs(self.spotter)
            except Exception:  # the store or the queue down: the next round tries again
                log.warning("scheduling device syncs failed", exc_info=True)

    async def aclose(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
