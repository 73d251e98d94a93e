"""Body and health readings, checked against what a human body can show (domain/health.py).

One reading or a batch: a batch is stored whole or not at all, and a refusal lists every bad
reading's problems (`data[3].value`). A device sync's batch is `lenient`: a reading no body can show
is skipped (and counted by the caller), the rest stored. A reading with an `external_id` (a device's
record id) is stored once per source: a repeat updates that row. Body weight readings bring the
lifter's open body weight goals up to date in the same transaction (domain/handlers/goal_upkeep.py).
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Sequence

from sqlalchemy import select

from domain import commands as c
from domain import events as ev
from domain.errors import Invalid
from domain.handlers import goal_upkeep
from domain.handlers.sets import default_unit
from domain.health import GIRTHS, check_reading
from domain.models import BodyMetric, utcnow
from domain.uow import UnitOfWork
from domain.validation import Checker

MAX_METRICS_PER_BATCH = 500


async def log_metric(cmd: c.LogMetric, uow: UnitOfWork) -> BodyMetric:
    entry = c.MetricEntry(cmd.metric, cmd.value, cmd.unit, cmd.recorded_at, cmd.details)
    rows = await _store(uow, cmd.user_id, [entry], cmd.source, lambda i, field: field)
    return rows[0]


async def log_metrics(cmd: c.LogMetrics, uow: UnitOfWork) -> list[BodyMetric]:
    if not 1 <= len(cmd.entries) <= MAX_METRICS_PER_BATCH:
        raise Invalid.field("data", f"must hold 1 to {MAX_METRICS_PER_BATCH} readings")
    return await _store(
        uow, cmd.user_id, cmd.entries, cmd.source, lambda i, field: f"data[{i}].{field}", lenient=cmd.lenient
    )


async def log_measurements(cmd: c.LogMeasurements, uow: UnitOfWork) -> list[BodyMetric]:
    """Girths taken together: a reading per site, all with the same unit and time (a problem with a
    site's value is reported under the site's name)."""
    sites = list(cmd.sites.items())
    if not sites:
        raise Invalid.field("body", "give at least one site")
    for site, _ in sites:
        if site not in GIRTHS:
            raise Invalid.field(site, f"not a body measurement (sites: {', '.join(GIRTHS)})")
    entries = [c.MetricEntry(site, value, cmd.unit, cmd.recorded_at) for site, value in sites]
    return await _store(
        uow, cmd.user_id, entries, cmd.source, lambda i, field: sites[i][0] if field == "value" else field
    )


async def _store(
    uow: UnitOfWork,
    user_id: uuid.UUID,
    entries: Sequence[c.MetricEntry],
    source: str,
    field: Callable[[int, str], str],
    lenient: bool = False,
) -> list[BodyMetric]:
    return await uow.retry_on_race(lambda: _write(uow, user_id, entries, source, field, lenient))


async def _write(
    uow: UnitOfWork,
    user_id: uuid.UUID,
    entries: Sequence[c.MetricEntry],
    source: str,
    field: Callable[[int, str], str],
    lenient: bool,
) -> list[BodyMetric]:
    check = Checker()
    unit_pref = await default_unit(uow, user_id)
    now = utcnow()
    known = await _known(uow, user_id, source, {e.external_id for e in entries if e.external_id})
    rows: dict[object, BodyMetric] = {}  # by external id (a repeat in the batch: the last wins) or position
    for i, e in enumerate(entries):
        one = Checker() if lenient else check
        reading = check_reading(one, e.metric, e.value, e.unit, e.details, unit_pref, functools.partial(field, i))
        if reading is None:
            continue
        row = known.get(e.external_id) if e.external_id else None
        if row is None:
            row = BodyMetric(user_id=user_id, source=source, external_id=e.external_id, created_at=now)
            if e.external_id:
                known[e.external_id] = row
        row.metric, row.value, row.unit, row.details = reading.metric, reading.value, reading.unit, reading.details
        row.recorded_at, row.origin = e.recorded_at or now, e.origin
        rows[e.external_id or i] = row
    check.raise_if_any()
    new = [row for row in rows.values() if row.id is None]  # a repeat of a device's record is no news
    uow.session.add_all(new)
    await uow.session.flush()  # their ids and times, for the events
    uow.add_event(*(ev.MetricLogged(user_id, ev.metric_data(row)) for row in new))
    if any(r.metric == "body_weight" for r in rows.values()):
        await goal_upkeep.body_weight_logged(uow, user_id)
    await uow.commit()
    return list(rows.values())


async def _known(uow: UnitOfWork, user_id: uuid.UUID, source: str, ids: set[str]) -> dict[str | None, BodyMetric]:
    """The rows already stored under these record ids of the source."""
    if not ids:
        return {}
    found = await uow.session.scalars(
        select(BodyMetric).where(
            BodyMetric.user_id == user_id, BodyMetric.source == source, BodyMetric.external_id.in_(ids)
        )
    )
    return {row.external_id: row for row in found}
