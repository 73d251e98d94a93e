"""A fake Oura v2 on loopback: OAuth token endpoint (client in the form), /oauth/revoke,
personal_info, the daily_activity, sleep, workout and heartrate collections (date or datetime
ranges, `next_token` pages) and single documents; webhook notifications signed as Oura signs them."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakes.clouds import FakeCloud, page


def documents(days: int) -> dict[str, list[dict[str, Any]]]:
    """`days` days up to yesterday: a daily activity, a night, a workout and 4 heart rate samples each."""
    today = datetime.now(UTC).date()
    docs: dict[str, list[dict[str, Any]]] = {"daily_activity": [], "sleep": [], "workout": [], "heartrate": []}
    for i in range(days):
        day = today - timedelta(days=days - i)
        noon = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
        docs["daily_activity"].append(
            {"id": f"act-{day}", "day": str(day), "steps": 8000 + i, "active_calories": 400, "total_calories": 2300}
        )
        docs["sleep"].append(
            {
                "id": f"sleep-{day}",
                "day": str(day),
                "bedtime_start": (noon - timedelta(hours=14)).isoformat(),
                "bedtime_end": (noon - timedelta(hours=5)).isoformat(),
                "total_sleep_duration": 8 * 3600,
                "deep_sleep_duration": 5400,
                "light_sleep_duration": 16200,
                "rem_sleep_duration": 7200,
                "awake_time": 1800,
                "average_hrv": 45,
                "lowest_heart_rate": 50,
            }
        )
        docs["workout"].append(
            {
                "id": f"wk-{day}",
                "day": str(day),
                "activity": "running" if i % 2 else "cycling",
                "calories": 300.0,
                "distance": 5000.0,
                "start_datetime": noon.isoformat(),
                "end_datetime": (noon + timedelta(minutes=30)).isoformat(),
                "label": None,
            }
        )
        for m in (0, 5, 10, 15):
            docs["heartrate"].append(
                {"bpm": 60 + m, "source": "awake", "timestamp": (noon + timedelta(minutes=m)).isoformat()}
            )
    return docs


def _day(doc: dict[str, Any]) -> date:
    return date.fromisoformat(doc["day"]) if "day" in doc else datetime.fromisoformat(doc["timestamp"]).date()


@dataclass
class FakeOura(FakeCloud):
    docs: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    per_page: int = 10
    subscriptions: list[dict[str, Any]] = field(default_factory=list)

    def notification(self, body: dict[str, Any], secret: str | None = None) -> tuple[bytes, dict[str, str]]:
        """A notification as Oura sends it: the body and its signed headers."""
        raw, stamp = json.dumps(body).encode(), str(int(datetime.now(UTC).timestamp()))
        sig = hmac.new((secret or self.client_secret).encode(), stamp.encode() + raw, hashlib.sha256).hexdigest()
        return raw, {"x-oura-signature": sig.upper(), "x-oura-timestamp": stamp, "content-type": "application/json"}

    async def _token(self, request: Request) -> Response:
        form = {k: str(v) for k, v in (await request.form()).items()}
        if form.get("client_id") != self.client_id or form.get("client_secret") != self.client_secret:
            return JSONResponse({"error": "invalid_client"}, 401)
        granted = self.grant(form)
        if granted is None:
            return JSONResponse({"error": "invalid_grant"}, 400)
        return JSONResponse(granted[1])

    async def _revoke(self, request: Request) -> Response:
        token = request.query_params.get("access_token", "")
        self.revoked.append(token)
        self.access.pop(token, None)
        return JSONResponse({})

    async def _personal(self, request: Request) -> Response:
        user = await self.guard(request)
        if isinstance(user, Response):
            return user
        return JSONResponse({"id": user.split("|")[0], "age": 30, "email": "lifter@example.com"})

    async def _collection(self, request: Request) -> Response:
        user = await self.guard(request)
        if isinstance(user, Response):
            return user
        q = request.query_params
        start = q.get("start_date") or q.get("start_datetime", "")[:10]
        end = q.get("end_date") or q.get("end_datetime", "")[:10]
        chosen = [
            d
            for d in self.docs.get(request.path_params["collection"], [])
            if date.fromisoformat(start) <= _day(d) <= date.fromisoformat(end)
        ]
        offset = int(q.get("next_token") or 0)
        found = page(chosen, offset, self.per_page, user.endswith("|repeat"))
        nxt = str(offset + self.per_page) if offset + self.per_page < len(chosen) else None
        return JSONResponse({"data": found, "next_token": nxt})

    async def _document(self, request: Request) -> Response:
        user = await self.guard(request)
        if isinstance(user, Response):
            return user
        for d in self.docs.get(request.path_params["collection"], []):
            if d.get("id") == request.path_params["doc"]:
                return JSONResponse(d)
        return JSONResponse({"detail": "Document not found"}, 404)

    async def _subscribe(self, request: Request) -> Response:
        h = request.headers
        if h.get("x-client-id") != self.client_id or h.get("x-client-secret") != self.client_secret:
            return JSONResponse({"detail": "invalid client"}, 403)
        body = await request.json()
        self.subscriptions.append(body)
        return JSONResponse(
            {"id": f"sub-{len(self.subscriptions)}", **body, "expiration_time": "2026-01-01T00:00:00"}, 201
        )

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/oauth/authorize", self.consent),
                Route("/oauth/token", self._token, methods=["POST"]),
                Route("/oauth/revoke", self._revoke),
                Route("/v2/webhook/subscription", self._subscribe, methods=["POST"]),
                Route("/v2/usercollection/personal_info", self._personal),
                Route("/v2/usercollection/{collection}", self._collection),
                Route("/v2/usercollection/{collection}/{doc}", self._document),
            ]
        )
