"""Normalised records into the store through the one write path: readings through LogMetrics
(lenient, source = provider, keyed by record id), cardio through SyncWorkouts (client_id
`<provider>:<record id>`), in chunks each handler takes. A repeat updates, never duplicates.
Records the provider deleted are deleted here (ForgetDeviceRecords) and counted as stored changes."""

from __future__ import annotations

import uuid
from datetime import timedelta

from channels.devices.base import Batch
from domain import commands as c
from domain.bus import MessageBus
from domain.devices import Cardio, exercise_for
from domain.handlers.metrics import MAX_METRICS_PER_BATCH
from domain.handlers.sync import MAX_BATCH


def workout_entry(provider: str, record: Cardio) -> c.WorkoutEntry:
    done = record.started_at + timedelta(seconds=record.duration_s)
    one = c.SetEntry(
        exercise=exercise_for(record.sport),
        duration_s=record.duration_s,
        distance_m=record.distance_m,
        completed_at=done,
    )
    return c.WorkoutEntry(
        client_id=f"{provider}:{record.record_id}",
        name=record.name or record.sport,
        status="completed",
        started_at=record.started_at,
        completed_at=done,
        sets=(one,),
    )


def extras(record: Cardio) -> list[c.MetricEntry]:
    """A session's heart rate and calories, as readings of the session's time."""
    out = []
    if record.avg_heart_rate:
        out.append(
            c.MetricEntry("heart_rate", record.avg_heart_rate, "bpm", record.started_at, None, f"{record.record_id}:hr")
        )
    if record.calories:
        out.append(
            c.MetricEntry(
                "calories_active", record.calories, "kcal", record.started_at, None, f"{record.record_id}:kcal"
            )
        )
    return out


async def store(bus: MessageBus, user_id: uuid.UUID, provider: str, batch: Batch) -> int:
    """Write the batch; the number of records stored (readings a body cannot show are skipped)."""
    stored = 0
    cardio = {r.record_id: r for r in batch.cardio}  # a record twice in one batch: the last wins
    readings = list(batch.readings)
    for record in cardio.values():
        readings += extras(record)
    for i in range(0, len(readings), MAX_METRICS_PER_BATCH):
        rows = await bus.handle(
            c.LogMetrics(user_id, tuple(readings[i : i + MAX_METRICS_PER_BATCH]), provider, lenient=True)
        )
        stored += len(rows)
    entries = [workout_entry(provider, r) for r in cardio.values()]
    for i in range(0, len(entries), MAX_BATCH):
        result = await bus.handle(c.SyncWorkouts(user_id, tuple(entries[i : i + MAX_BATCH]), provider))
        stored += result.created + result.updated
    if batch.aliases:
        await bus.handle(c.KeepDeviceAliases(user_id, provider, tuple(batch.aliases.items())))
    if batch.deleted or batch.deleted_aliases:  # after the writes: a record changed, then deleted, is gone
        forget = c.ForgetDeviceRecords(user_id, provider, tuple(batch.deleted), tuple(batch.deleted_aliases))
        stored += await bus.handle(forget)
    return stored
