"""Importing an uploaded Apple Health export (the job's work; assistant/device_jobs.py runs it).

The file is read whole once first (channels/devices/apple_export.py: `check`): garbage or a file
cut short is refused before anything is written, and the job fails saying where the XML broke.
Then it is read again and stored batch by batch through the one write path, the connection
claimed for the whole import (pushes wait), progress reported as records are read. Every record's
id is made from what it is, so importing the same export again, or a later one that holds it,
updates rows and adds none.
"""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any

from channels.devices import apple_export
from channels.devices.apple_health import NAME
from channels.devices.store import store
from channels.devices.sync import DeviceSync, Outcome, Report
from domain import commands as c
from domain import device_queries

CHECKED = 0.1  # the share of progress the first read stands for


async def import_export(sync: DeviceSync, user_id: uuid.UUID, path: Path, report: Report) -> dict[str, Any]:
    await report(0.0, "checking the file", now=True)
    total = await asyncio.to_thread(apple_export.check, path)
    await report(CHECKED, f"{total} records found; storing", now=True)
    async with sync.spotter.reader() as uow:
        linked = await device_queries.connection(uow, sync.box, user_id, NAME)
    if linked is None or linked.status != "connected":
        await sync.spotter.bus.handle(c.ConnectDevice(user_id, NAME))
    log = await sync.claim(user_id, NAME, "upload", sync.lease_s)
    counts, stored = apple_export.Counts(), 0
    reading = apple_export.batches(path, counts)
    try:
        while (batch := await asyncio.to_thread(next, reading, None)) is not None:
            stored += await store(sync.spotter.bus, user_id, NAME, batch)
            share = counts.seen / total if total else 1.0
            await report(CHECKED + (1 - CHECKED) * share, f"{counts.seen} of {total} records read, {stored} stored")
    except BaseException as exc:
        await sync.finish(log.id, Outcome("failed", counts.seen, stored, f"{type(exc).__name__}: {exc}"[:500]))
        raise
    await sync.finish(log.id, Outcome("ok", counts.seen, stored))
    skipped = dict(sorted(counts.skipped.items(), key=lambda kv: -kv[1])[:20])
    return {
        "records": counts.seen,
        "mapped": counts.mapped,
        "stored": stored,
        "skipped_by_type": skipped,
        "sync_log_id": str(log.id),
    }
