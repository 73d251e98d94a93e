from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import status
from pydantic import Discriminator, Field, Tag

from channels.http.deps import App, Limit, PageNo, Reader, Writer
from channels.http.routers import Router
from channels.http.schemas import In, ListOut, Out, PageMeta, When
from domain import commands as c
from domain import queries

router = Router(prefix="/metrics", tags=["body and health"])
Metric = Literal["body_weight", "body_fat", "resting_heart_rate", "sleep_hours", "water_ml", "steps"]


class MetricIn(In):
    metric: Metric
    value: float = Field(ge=0, le=1_000_000)
    unit: str | None = Field(default=None, max_length=16)
    recorded_at: When | None = None


class MetricsIn(In):
    data: list[MetricIn] = Field(min_length=1, max_length=500)


def _shape(body: Any) -> str:
    return "~batch" if isinstance(body, dict) and "data" in body else "~one"


# One reading, or a batch under `data`: told apart by that key, so a bad body is reported against
# the shape it was meant to be, not against both (a tag starting with ~ is left out of error fields).
MetricsBody = Annotated[Annotated[MetricIn, Tag("~one")] | Annotated[MetricsIn, Tag("~batch")], Discriminator(_shape)]


class MetricOut(Out):
    id: uuid.UUID
    metric: str
    value: float
    unit: str | None
    recorded_at: datetime
    source: str


@router.get("")
async def list_metrics(
    who: Reader, spotter: App, limit: Limit, page: PageNo = 1, metric: Metric | None = None
) -> ListOut[MetricOut]:
    async with spotter.reader() as uow:
        found = await queries.body_metrics(uow, who.user_id, metric=metric, page=page, limit=limit)
    return ListOut[MetricOut](
        data=[MetricOut.model_validate(m) for m in found.items],
        meta=PageMeta(page=page, limit=limit, total=found.total, has_next=found.has_next),
    )


@router.post("", status_code=status.HTTP_201_CREATED)
async def add_metrics(body: MetricsBody, who: Writer, spotter: App) -> dict[str, list[MetricOut]]:
    """One reading, or `{"data": [...]}` for a batch (each checked; the first bad one is reported)."""
    items = body.data if isinstance(body, MetricsIn) else [body]
    out = []
    for m in items:
        row = await spotter.bus.handle(c.LogMetric(who.user_id, m.metric, m.value, m.unit, m.recorded_at))
        out.append(MetricOut.model_validate(row))
    return {"data": out}
