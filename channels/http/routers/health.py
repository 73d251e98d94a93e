from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, PlainTextResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from channels.http.deps import App

router = APIRouter(tags=["health"])
prometheus = APIRouter(tags=["health"])  # at the root only: /api/v1/metrics is the body-metrics resource


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz")
async def readyz(spotter: App) -> JSONResponse:
    ok = await spotter.ready()
    return JSONResponse({"status": "ready" if ok else "unavailable", "database": ok}, status_code=200 if ok else 503)


@prometheus.get("/metrics")
async def metrics(request: Request) -> PlainTextResponse:
    body = generate_latest(request.app.state.metrics.registry)
    return PlainTextResponse(body, media_type=CONTENT_TYPE_LATEST)
