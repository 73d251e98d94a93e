"""Body and health readings: one, or a batch stored whole or not at all; lists and series over time."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta
from typing import Annotated, Literal

from fastapi import Body, Query, status

from channels.http.deps import App, Limit, PageNo, Reader, Writer
from channels.http.errors import ApiError
from channels.http.routers import Router
from channels.http.schemas import ListOut, PageMeta, QueryWhen
from channels.http.schemas.metrics import (
    BATCH_EXAMPLES,
    GIRTHS,
    METRIC_EXAMPLES,
    BucketOut,
    Metric,
    MetricIn,
    MetricOut,
    MetricsBody,
    MetricsIn,
    MetricsOut,
    MetricTypeOut,
    SeriesOut,
    StatsOut,
)
from domain import commands as c
from domain import health, queries, series
from domain.days import monday, zone
from domain.models import User, utcnow
from domain.series import Stats

router = Router(prefix="/metrics", tags=["body and health"])
FIRST_YEAR, LAST_YEAR = 1900, 2999  # a series' span: far from the limits of Python's dates
SPAN = {"day": 30, "week": 12}  # buckets shown when no `from` is given


def entries(items: list[MetricIn]) -> tuple[c.MetricEntry, ...]:
    return tuple(c.MetricEntry(m.metric, m.value, m.unit, m.recorded_at, m.detail_values()) for m in items)


@router.get("")
async def list_metrics(
    who: Reader,
    spotter: App,
    limit: Limit,
    page: PageNo = 1,
    metric: Metric | None = None,
    kind: Annotated[Metric | None, Query(alias="type", description="the same as `metric`")] = None,
    start: Annotated[QueryWhen | None, Query(alias="from", description="recorded at or after")] = None,
    end: Annotated[QueryWhen | None, Query(alias="to", description="recorded before")] = None,
    bucket: Annotated[
        Literal["day", "week"] | None,
        Query(description="a series per local day or week (needs a type; `page` and `limit` do not apply)"),
    ] = None,
) -> ListOut[MetricOut] | SeriesOut:
    """Readings, newest first (of one type with `type`, recorded in [from, to)); with `bucket`, the
    type's series: per local day or week (Monday), at most 400 buckets, the last 30 days or 12 weeks
    up to `to` (or now) when `from` is left out."""
    if metric is not None and kind is not None and metric != kind:
        raise ApiError(422, "type and metric differ", [{"field": "type", "message": "must be the same as metric"}])
    metric = metric or kind
    if bucket is not None:
        return await _series(who.user_id, spotter, metric, bucket, start, end)
    async with spotter.reader() as uow:
        found = await queries.body_metrics(
            uow, who.user_id, metric=metric, start=start, end=end, page=page, limit=limit
        )
    return ListOut[MetricOut](
        data=[MetricOut.model_validate(m) for m in found.items],
        meta=PageMeta(page=page, limit=limit, total=found.total, has_next=found.has_next),
    )


@router.post("", status_code=status.HTTP_201_CREATED)
async def add_metrics(
    body: Annotated[MetricsBody, Body(openapi_examples=METRIC_EXAMPLES)], who: Writer, spotter: App
) -> MetricsOut:
    """One reading, or `{"data": [...]}` for a batch (as POST /metrics/batch: all stored, or none)."""
    if isinstance(body, MetricsIn):
        rows = await spotter.bus.handle(c.LogMetrics(who.user_id, entries(body.data)))
    else:
        rows = [
            await spotter.bus.handle(
                c.LogMetric(
                    who.user_id, body.metric, body.value, body.unit, body.recorded_at, details=body.detail_values()
                )
            )
        ]
    return MetricsOut(data=[MetricOut.model_validate(r) for r in rows])


@router.post("/batch", status_code=status.HTTP_201_CREATED)
async def add_batch(
    body: Annotated[MetricsIn, Body(openapi_examples=BATCH_EXAMPLES)], who: Writer, spotter: App
) -> MetricsOut:
    """Up to 500 readings, stored together or not at all: a 422 lists every bad one (`data[3].value`)."""
    rows = await spotter.bus.handle(c.LogMetrics(who.user_id, entries(body.data)))
    return MetricsOut(data=[MetricOut.model_validate(r) for r in rows])


@router.get("/types")
async def metric_types(who: Reader) -> dict[str, list[MetricTypeOut]]:
    """Every type a reading may have: its units (the first is the standard), range and details."""
    data = [
        MetricTypeOut(
            metric=t.name,
            units=list(t.units),
            low=t.low,
            high=t.high,
            adds_up=t.adds_up,
            details=list(t.details),
            required_details=list(t.required),
            girth=t.name in GIRTHS,
        )
        for t in health.TYPES.values()
    ]
    return {"data": data}


def _stats(s: Stats) -> StatsOut:
    return StatsOut(avg=s.avg, min=s.min, max=s.max, sum=s.sum)


def _local_day(field: str, instant: datetime, user: User) -> date:
    if not FIRST_YEAR <= instant.year <= LAST_YEAR:
        raise ApiError(422, "Out of range", [{"field": field, "message": f"must be in {FIRST_YEAR}-{LAST_YEAR}"}])
    return instant.astimezone(zone(user.timezone)).date()


async def _series(
    user_id: uuid.UUID,
    spotter: App,
    metric: str | None,
    bucket: Literal["day", "week"],
    start: datetime | None,
    end: datetime | None,
) -> SeriesOut:
    if metric is None:
        raise ApiError(422, "A series needs a type", [{"field": "type", "message": "is required with bucket"}])
    async with spotter.reader() as uow:
        user = await queries.user(uow, user_id)
        if user is None:
            raise ApiError(404, "No such user")
        last = _local_day("to", end or utcnow(), user)
        step = 1 if bucket == "day" else 7
        first = _local_day("from", start, user) if start is not None else last - timedelta(days=step * SPAN[bucket] - 1)
        if bucket == "week":
            first = monday(first)
        if first > last:
            raise ApiError(422, "from is after to", [{"field": "from", "message": "must come before to"}])
        if ((last - first).days // step) + 1 > series.MAX_BUCKETS:
            most = f"at most {series.MAX_BUCKETS} {bucket}s"
            raise ApiError(422, f"The span is too long: {most}", [{"field": "from", "message": most}])
        found = await series.series(uow, user, metric, first, last, bucket)
    return SeriesOut(
        metric=found.metric,
        bucket=bucket,
        unit=found.unit,
        timezone=found.timezone,
        start=found.start,
        end=found.end,
        data=[
            BucketOut(
                start=b.start,
                count=b.count,
                **_stats(b.stats).model_dump(),
                details={k: _stats(v) for k, v in b.details.items()},
            )
            for b in found.buckets
        ],
    )
