from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel, Field

from assistant.outage import redis_answers
from channels.http.deps import App

router = APIRouter(tags=["health"])
prometheus = APIRouter(tags=["health"])  # at the root only: /api/v1/metrics is the body-metrics resource


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


class ReadyOut(BaseModel):
    status: Literal["ready", "degraded", "unavailable"]
    database: bool
    redis: bool | None = Field(description="null when Redis is not configured")


@router.get("/readyz", response_model=ReadyOut, responses={503: {"model": ReadyOut, "description": "not ready"}})
async def readyz(spotter: App) -> JSONResponse:
    """Each dependency (`redis` is null when not configured) and whether this process can serve:
    503 when a required one is down (the database always; Redis when REDIS_OUTAGE=refuse), else
    "degraded" while Redis is down and its work is done in the process."""
    database = await spotter.ready()
    redis = None if spotter.redis is None else await redis_answers(spotter.redis, spotter.settings.redis_timeout_s)
    required_down = not database or (redis is False and spotter.settings.redis_outage == "refuse")
    status = "unavailable" if required_down else "degraded" if redis is False else "ready"
    return JSONResponse(
        {"status": status, "database": database, "redis": redis}, status_code=503 if required_down else 200
    )


@prometheus.get("/metrics", response_class=PlainTextResponse, responses={200: {"content": {"text/plain": {}}}})
async def metrics(request: Request) -> PlainTextResponse:
    body = generate_latest(request.app.state.metrics.registry)
    return PlainTextResponse(body, media_type=CONTENT_TYPE_LATEST)
