"""Body measurements (girths): health readings whose types are body sites, taken together.

Each site is stored as a reading of its own type (domain/health.py: GIRTHS), so /metrics lists
them too and draws their series (`GET /metrics?type=waist&bucket=week`).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Body, Query, status

from channels.http.deps import App, Limit, PageNo, Reader, Writer
from channels.http.routers import Router
from channels.http.schemas import ListOut, PageMeta, QueryWhen
from channels.http.schemas.metrics import GIRTHS, MEASUREMENT_EXAMPLES, Girth, MeasurementsIn, MetricOut, MetricsOut
from domain import commands as c
from domain import queries

router = Router(prefix="/body-measurements", tags=["body and health"])


@router.get("")
async def list_measurements(
    who: Reader,
    spotter: App,
    limit: Limit,
    page: PageNo = 1,
    site: Girth | None = None,
    start: Annotated[QueryWhen | None, Query(alias="from", description="taken at or after")] = None,
    end: Annotated[QueryWhen | None, Query(alias="to", description="taken before")] = None,
) -> ListOut[MetricOut]:
    """Your measurements, newest first (of one site with `site`)."""
    async with spotter.reader() as uow:
        found = await queries.body_metrics(
            uow, who.user_id, metric=site, metrics=GIRTHS, start=start, end=end, page=page, limit=limit
        )
    return ListOut[MetricOut](
        data=[MetricOut.model_validate(m) for m in found.items],
        meta=PageMeta(page=page, limit=limit, total=found.total, has_next=found.has_next),
    )


@router.post("", status_code=status.HTTP_201_CREATED)
async def add_measurements(
    body: Annotated[MeasurementsIn, Body(openapi_examples=MEASUREMENT_EXAMPLES)], who: Writer, spotter: App
) -> MetricsOut:
    """Girths taken together, in cm or in (10 to 300 cm): a reading per site given, all stored or none."""
    rows = await spotter.bus.handle(c.LogMeasurements(who.user_id, body.sites(), body.unit, body.recorded_at))
    return MetricsOut(data=[MetricOut.model_validate(r) for r in rows])
