"""A fake Garmin Health API on loopback: the OAuth 2 token endpoint (PKCE checked), user id,
deregistration, backfill requests (202; 409 for one asked before; 400 for history before 30 days
before the user's connection, or a window longer than Garmin takes), and summaries read from a
ping's callback URL. Pushes and pings themselves are sent by the tests, as Garmin sends them."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakes.clouds import FakeCloud

LIMIT_S = 30 * 86400
MAX_WINDOW_S = {"activities": 30 * 86400}  # others: 90 days


def dailies(user: str, count: int) -> list[dict[str, Any]]:
    today = datetime.now(UTC).date()
    return [
        {
            "userId": user,
            "summaryId": f"d-{user}-{i}",
            "calendarDate": str(today - timedelta(days=count - i)),
            "steps": 7000 + i,
            "restingHeartRateInBeatsPerMinute": 52,
            "activeKilocalories": 350,
        }
        for i in range(count)
    ]


def activities(user: str, count: int) -> list[dict[str, Any]]:
    now = int(time.time())
    return [
        {
            "userId": user,
            "summaryId": f"a-{user}-{i}",
            "activityType": "RUNNING" if i % 2 else "CYCLING",
            "activityName": f"Garmin {i}",
            "startTimeInSeconds": now - (count - i) * 86400,
            "durationInSeconds": 1800,
            "distanceInMeters": 6000.0,
            "averageHeartRateInBeatsPerMinute": 150,
            "activeKilocalories": 420,
        }
        for i in range(count)
    ]


@dataclass
class FakeGarmin(FakeCloud):
    summaries: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # kind -> summaries a pull returns
    backfills: list[tuple[str, int, int]] = field(default_factory=list)
    refused_backfills: list[str] = field(default_factory=list)

    async def _token(self, request: Request) -> Response:
        form = {k: str(v) for k, v in (await request.form()).items()}
        if form.get("client_id") != self.client_id or form.get("client_secret") != self.client_secret:
            return JSONResponse({"error": "invalid_client"}, 401)
        granted = self.grant(form)
        if granted is None:
            return JSONResponse({"error": "invalid_grant", "error_description": "bad code or verifier"}, 400)
        return JSONResponse({**granted[1], "refresh_token_expires_in": 7775998})

    async def _user_id(self, request: Request) -> Response:
        user = self.user(request)
        return JSONResponse({"userId": user}) if user else JSONResponse({"message": "Unauthorized"}, 401)

    async def _registration(self, request: Request) -> Response:
        user = self.user(request)
        if user is None:
            return JSONResponse({"message": "Unauthorized"}, 401)
        self.revoked.append(user)
        return Response(status_code=204)

    async def _backfill(self, request: Request) -> Response:
        user = await self.guard(request)
        if isinstance(user, Response):
            return user
        user, kind = user.split("|")[0], request.path_params["kind"]
        start = int(request.query_params["summaryStartTimeInSeconds"])
        end = int(request.query_params["summaryEndTimeInSeconds"])
        if start < self.registered_at[user] - LIMIT_S or end - start > MAX_WINDOW_S.get(kind, 90 * 86400):
            self.refused_backfills.append(kind)
            return JSONResponse({"errorMessage": "start date before the backfill limit"}, 400)
        if (kind, start, end) in self.backfills:
            return JSONResponse({"errorMessage": "Duplicate backfill"}, 409)
        self.backfills.append((kind, start, end))
        return Response(status_code=202)

    async def _pull(self, request: Request) -> Response:
        user = await self.guard(request)
        if isinstance(user, Response):
            return user
        return JSONResponse(self.summaries.get(request.path_params["kind"], []))

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/di-oauth2-service/oauth/token", self._token, methods=["POST"]),
                Route("/wellness-api/rest/user/id", self._user_id),
                Route("/wellness-api/rest/user/registration", self._registration, methods=["DELETE"]),
                Route("/wellness-api/rest/backfill/{kind}", self._backfill),
                Route("/wellness-api/rest/{kind}", self._pull),
            ]
        )
