"""A health metric over time: its readings from a span of local days, per day or per week.

Values are shown in one unit (domain/health.py: `shown_unit`: the lifter's for weights and girths,
the type's standard otherwise), whatever unit each reading was entered in. How a bucket sums up
depends on the type (domain/health.py): totals (steps, calories, water, sleep) are added per
local day, and a bucket gives the sum and the mean, lowest and highest of its days; levels (heart
rate, weights, pressures, girths) give the mean, lowest and highest reading. Details (sleep stages,
the diastolic pressure) are summed up the same way. Only buckets with readings are listed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from domain import health
from domain.days import LocalDays, midnight, monday, zone
from domain.devices import one_source_per_day, source_of
from domain.models import BodyMetric, User
from domain.uow import UnitOfWork

BUCKETS = ("day", "week")
MAX_BUCKETS = 400  # days or weeks in one series


@dataclass(frozen=True)
class Stats:
    avg: float | None
    min: float | None
    max: float | None
    sum: float | None


@dataclass
class Bucket:
    start: date
    count: int = 0
    stats: Stats = field(default_factory=lambda: Stats(None, None, None, None))
    details: dict[str, Stats] = field(default_factory=dict)


@dataclass(frozen=True)
class Series:
    metric: str
    bucket: str
    unit: str
    timezone: str
    start: date
    end: date
    buckets: list[Bucket]


def summarise(values: Iterable[tuple[date, float]], adds_up: bool) -> Stats:
    """One bucket's numbers: (local day, value) pairs; totals are added per day first."""
    pairs = list(values)
    if not pairs:
        return Stats(None, None, None, None)
    if adds_up:
        days: dict[date, float] = {}
        for day, value in pairs:
            days[day] = days.get(day, 0.0) + value
        numbers, total = list(days.values()), math.fsum(days.values())
    else:
        numbers, total = [v for _, v in pairs], None
    return Stats(
        _r(math.fsum(numbers) / len(numbers)), _r(min(numbers)), _r(max(numbers)), None if total is None else _r(total)
    )


def _r(value: float) -> float:
    return round(value, 2)


async def series(uow: UnitOfWork, user: User, metric: str, first: date, last: date, bucket: str) -> Series:
    """The readings of `metric` recorded on the local days first..last, per day or week."""
    kind = health.TYPES[metric]
    tz = zone(user.timezone)
    local = LocalDays(tz)
    unit = health.shown_unit(metric, user.unit_pref)
    stmt = select(
        BodyMetric.recorded_at,
        BodyMetric.value,
        BodyMetric.unit,
        BodyMetric.details,
        BodyMetric.source,
        BodyMetric.origin,
    ).where(
        BodyMetric.user_id == user.id,
        BodyMetric.metric == metric,
        BodyMetric.recorded_at >= midnight(first, tz),
        BodyMetric.recorded_at < midnight(last + timedelta(days=1), tz),
    )
    grouped: dict[date, list[Any]] = {}
    found: list[Any] = list((await uow.session.execute(stmt)).all())
    if kind.adds_up:  # a watch's and a phone's steps are not added up (domain/devices.py)
        found = one_source_per_day(found, lambda r: local(r.recorded_at), source_of, lambda r: r.value)
    for row in found:
        day = local(row.recorded_at)
        grouped.setdefault(monday(day) if bucket == "week" else day, []).append((day, row))
    out = []
    for start in sorted(grouped):
        rows = grouped[start]
        made = Bucket(start, len(rows))
        values = ((d, health.convert(metric, health.standard(metric, r.value, r.unit), unit)) for d, r in rows)
        made.stats = summarise(values, kind.adds_up)
        keys = sorted({k for _, r in rows for k in (r.details or {})})
        made.details = {
            k: summarise(((d, float(r.details[k])) for d, r in rows if k in (r.details or {})), kind.adds_up)
            for k in keys
        }
        out.append(made)
    return Series(metric, bucket, unit, str(tz), first, last, out)
