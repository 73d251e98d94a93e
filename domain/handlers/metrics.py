"""Body and health readings, checked against what a human body can show (domain/health.py).

One reading or a batch: a batch is stored whole or not at all, and a refusal lists every bad
reading's problems (`data[3].value`). Body weight readings bring the lifter's open body weight
goals up to date in the same transaction (domain/handlers/goal_upkeep.py).
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Sequence

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
    return await _store(uow, cmd.user_id, cmd.entries, cmd.source, lambda i, field: f"data[{i}].{field}")


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
) -> list[BodyMetric]:
    check = Checker()
    unit_pref = await default_unit(uow, user_id)
    now = utcnow()
    rows = []
    for i, e in enumerate(entries):
        reading = check_reading(check, e.metric, e.value, e.unit, e.details, unit_pref, functools.partial(field, i))
        if reading is not None:
            rows.append(
                BodyMetric(
                    user_id=user_id,
                    metric=reading.metric,
                    value=reading.value,
                    unit=reading.unit,
                    details=reading.details,
                    recorded_at=e.recorded_at or now,
                    source=source,
                    created_at=now,
                )
            )
    check.raise_if_any()
    uow.session.add_all(rows)
    await uow.session.flush()  # their ids and times, for the events
    uow.add_event(*(ev.MetricLogged(user_id, ev.metric_data(row)) for row in rows))
    if any(r.metric == "body_weight" for r in rows):
        await goal_upkeep.body_weight_logged(uow, user_id)
    await uow.commit()
    return rows
