"""A fake Strava on loopback speaking its HTTP shapes: OAuth token endpoint (authorization code and
refresh grants, `athlete` in the answer), /api/v3/athlete/activities (after, page, per_page; oldest
first) and /api/v3/activities/{id}, bearer tokens checked (401), and faults to inject: 500s, 429s
with Retry-After, slow answers (timeouts), pages repeating items of the page before."""

from __future__ import annotations

import asyncio
import random
import secrets
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

ATHLETE_ID = 7007
CODE = "good-code"


def activities(count: int, start: datetime | None = None) -> list[dict[str, Any]]:
    """`count` runs and rides, one an hour from `start` (by default `count` hours ago)."""
    first = start or datetime.now(UTC) - timedelta(hours=count + 1)
    return [
        {
            "id": 10_000 + i,
            "name": f"Activity {i}",
            "sport_type": "Run" if i % 2 else "Ride",
            "type": "Run" if i % 2 else "Ride",
            "start_date": (first + timedelta(hours=i)).isoformat().replace("+00:00", "Z"),
            "elapsed_time": 1800 + i % 600,
            "moving_time": 1700,
            "distance": 5000.0 + i,
            "average_heartrate": 140.0 + i % 20,
            "kilojoules": 600.0,
        }
        for i in range(count)
    ]


@dataclass
class FakeStrava:
    client_id: str = "cid"
    client_secret: str = "csecret"
    athlete_id: int = ATHLETE_ID  # the athlete the next authorization code is for
    items: list[dict[str, Any]] = field(default_factory=list)
    access: set[str] = field(default_factory=set)  # access tokens that work
    refresh: set[str] = field(default_factory=set)  # refresh tokens that work
    expires_in: int = 21600
    fail_rate: float = 0.0  # this share of API calls answer a fault (500, 429, slow, repeated items)
    slow_s: float = 0.5  # how long a "slow" fault takes (past the client's timeout)
    retry_after: str = "0"
    rng: random.Random = field(default_factory=lambda: random.Random(21))
    calls: list[str] = field(default_factory=list)
    token_requests: list[dict[str, str]] = field(default_factory=list)
    faults: dict[str, int] = field(default_factory=dict)
    script: list[str] = field(default_factory=list)  # faults answered first, in order ("500", "429", ...)

    def issue(self) -> dict[str, Any]:
        access, refresh = secrets.token_hex(8), secrets.token_hex(8)
        self.access.add(access)
        self.refresh.add(refresh)
        return {
            "token_type": "Bearer",
            "access_token": access,
            "refresh_token": refresh,
            "expires_at": int(time.time()) + self.expires_in,
            "expires_in": self.expires_in,
        }

    async def _token(self, request: Request) -> Response:
        form = {k: str(v) for k, v in (await request.form()).items()}
        self.token_requests.append(form)
        if form.get("client_id") != self.client_id or form.get("client_secret") != self.client_secret:
            return JSONResponse({"message": "Bad Request", "errors": [{"code": "invalid", "field": "client_id"}]}, 400)
        grant = form.get("grant_type")
        if grant == "authorization_code" and form.get("code") == CODE:
            return JSONResponse({**self.issue(), "athlete": {"id": self.athlete_id, "username": "runner"}})
        if grant == "refresh_token" and form.get("refresh_token") in self.refresh:
            self.refresh.discard(form["refresh_token"])
            return JSONResponse(self.issue())
        return JSONResponse({"error": "invalid_grant", "message": "Bad Request"}, 400)

    async def _fault(self) -> Response | str | None:
        if self.script:
            kind = self.script.pop(0)
        elif self.fail_rate <= 0 or self.rng.random() >= self.fail_rate:
            return None
        else:
            kind = self.rng.choice(["500", "429", "slow", "repeat"])
        self.faults[kind] = self.faults.get(kind, 0) + 1
        if kind == "500":
            return JSONResponse({"message": "Internal Server Error"}, 500)
        if kind == "429":
            return JSONResponse({"message": "Rate Limit Exceeded"}, 429, headers={"Retry-After": self.retry_after})
        if kind == "slow":
            await asyncio.sleep(self.slow_s)
            return JSONResponse({"message": "too late"}, 504)
        return "repeat"

    def _authorised(self, request: Request) -> bool:
        given = request.headers.get("authorization", "")
        return given.startswith("Bearer ") and given[7:] in self.access

    async def _activities(self, request: Request) -> Response:
        self.calls.append(str(request.url))
        if not self._authorised(request):
            return JSONResponse({"message": "Authorization Error"}, 401)
        fault = await self._fault()
        if isinstance(fault, Response):
            return fault
        after = int(request.query_params.get("after", "0"))
        page = int(request.query_params.get("page", "1"))
        per_page = min(int(request.query_params.get("per_page", "30")), 200)
        chosen = sorted(
            (
                a
                for a in self.items
                if datetime.fromisoformat(a["start_date"].replace("Z", "+00:00")).timestamp() > after
            ),
            key=lambda a: a["start_date"],
        )
        start = (page - 1) * per_page
        found = chosen[start : start + per_page]
        if fault == "repeat" and page > 1:  # the page repeats the end of the page before
            found = chosen[max(0, start - 10) : start] + found
        return JSONResponse(found)

    async def _activity(self, request: Request) -> Response:
        self.calls.append(str(request.url))
        if not self._authorised(request):
            return JSONResponse({"message": "Authorization Error"}, 401)
        fault = await self._fault()
        if isinstance(fault, Response):
            return fault
        wanted = int(request.path_params["activity_id"])
        for item in self.items:
            if item["id"] == wanted:
                return JSONResponse({**item, "calories": 512.0})
        return JSONResponse({"message": "Record Not Found"}, 404)

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/oauth/token", self._token, methods=["POST"]),
                Route("/api/v3/athlete/activities", self._activities),
                Route("/api/v3/activities/{activity_id:int}", self._activity),
            ]
        )
