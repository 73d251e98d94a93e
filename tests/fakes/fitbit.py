"""A fake Fitbit Web API on loopback: /oauth2/token (client by HTTP Basic, PKCE checked, `user_id`
in the answer), /oauth2/revoke, subscriptions, activity and sleep log lists paged by `offset` with
`pagination.next` URLs, steps and heart date ranges, and weight logs (31 days at most a call, 400
past it); 429s carry Retry-After; notifications signed as Fitbit signs them."""

from __future__ import annotations

import base64
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


def logs(days: int) -> dict[str, list[dict[str, Any]]]:
    """`days` days up to yesterday: an activity, a night, a day's steps and heart, a weight each."""
    today = datetime.now(UTC).date()
    found: dict[str, list[dict[str, Any]]] = {"activities": [], "sleep": [], "steps": [], "heart": [], "weight": []}
    for i in range(days):
        day = today - timedelta(days=days - i)
        found["activities"].append(
            {
                "logId": 5000 + i,
                "activityName": "Run" if i % 2 else "Bike",
                "startTime": f"{day}T07:00:00.000+00:00",
                "duration": 1_800_000,
                "distance": 5.0,
                "distanceUnit": "Kilometer",
                "averageHeartRate": 150,
                "calories": 300,
            }
        )
        found["sleep"].append(
            {
                "logId": 7000 + i,
                "dateOfSleep": str(day),
                "startTime": f"{day}T00:00:00.000",
                "endTime": f"{day}T07:30:00.000",
                "minutesAsleep": 420,
                "levels": {
                    "summary": {
                        "deep": {"minutes": 80},
                        "light": {"minutes": 240},
                        "rem": {"minutes": 100},
                        "wake": {"minutes": 30},
                    }
                },
            }
        )
        found["steps"].append({"dateTime": str(day), "value": str(9000 + i)})
        found["heart"].append({"dateTime": str(day), "value": {"restingHeartRate": 55, "heartRateZones": []}})
        found["weight"].append(
            {
                "logId": 9000 + i,
                "date": str(day),
                "time": "07:00:00",
                "weight": 80.0 + i / 10,
                "fat": 18.5,
                "bmi": 24.1,
                "source": "Aria",
            }
        )
    return found


def _in(day: str, a: str, b: str) -> bool:
    return date.fromisoformat(a) <= date.fromisoformat(day[:10]) <= date.fromisoformat(b)


@dataclass
class FakeFitbit(FakeCloud):
    data: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    per_page: int = 10
    subscriptions: list[str] = field(default_factory=list)

    def notification(self, body: list[dict[str, Any]], secret: str | None = None) -> tuple[bytes, dict[str, str]]:
        raw = json.dumps(body).encode()
        digest = hmac.new(f"{secret or self.client_secret}&".encode(), raw, hashlib.sha1).digest()
        return raw, {"X-Fitbit-Signature": base64.b64encode(digest).decode(), "content-type": "application/json"}

    def _client_ok(self, request: Request) -> bool:
        pair = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
        return request.headers.get("authorization") == f"Basic {pair}"

    async def _token(self, request: Request) -> Response:
        form = {k: str(v) for k, v in (await request.form()).items()}
        if not self._client_ok(request):
            return JSONResponse({"errors": [{"errorType": "invalid_client"}], "success": False}, 401)
        granted = self.grant(form)
        if granted is None:
            return JSONResponse({"errors": [{"errorType": "invalid_grant"}], "error": "invalid_grant"}, 400)
        return JSONResponse({**granted[1], "user_id": granted[0]})

    async def _revoke(self, request: Request) -> Response:
        if not self._client_ok(request):
            return JSONResponse({"errors": [{"errorType": "invalid_client"}]}, 401)
        token = str((await request.form()).get("token", ""))
        self.revoked.append(token)
        self.access.pop(token, None)
        return JSONResponse({})

    async def _subscription(self, request: Request) -> Response:
        if self.user(request) is None:
            return JSONResponse({"errors": [{"errorType": "invalid_token"}]}, 401)
        sub = request.path_params["sub"]
        if request.method == "DELETE":
            self.subscriptions = [s for s in self.subscriptions if s != sub]
            return Response(status_code=204)
        if sub in self.subscriptions:
            return JSONResponse({"collectionType": "user", "subscriptionId": sub}, 409)
        self.subscriptions.append(sub)
        return JSONResponse({"collectionType": "user", "ownerId": sub, "subscriptionId": sub}, 201)

    async def _list(self, request: Request) -> Response:
        user = await self.guard(request)
        if isinstance(user, Response):
            return user
        kind = "sleep" if "sleep" in request.url.path else "activities"
        q = request.query_params
        after = date.fromisoformat(q["afterDate"])
        key = "dateOfSleep" if kind == "sleep" else "startTime"
        chosen = [x for x in self.data.get(kind, []) if date.fromisoformat(x[key][:10]) > after]
        offset, limit = int(q.get("offset", 0)), min(int(q.get("limit", 20)), self.per_page)
        found = page(chosen, offset, limit, user.endswith("|repeat"))
        nxt = ""
        if offset + limit < len(chosen):
            nxt = str(request.url.include_query_params(offset=offset + limit, limit=limit))
        pagination = {"next": nxt, "previous": "", "offset": offset, "limit": limit, "afterDate": q["afterDate"]}
        return JSONResponse({kind: found, "pagination": pagination})

    async def _range(self, request: Request) -> Response:
        user = await self.guard(request)
        if isinstance(user, Response):
            return user
        kind, a, b = request.path_params["kind"], request.path_params["a"], request.path_params["b"]
        if kind == "weight":
            if (date.fromisoformat(b) - date.fromisoformat(a)).days > 31:
                return JSONResponse({"errors": [{"errorType": "validation", "message": "max range 31 days"}]}, 400)
            return JSONResponse({"weight": [w for w in self.data.get("weight", []) if _in(w["date"], a, b)]})
        return JSONResponse({f"activities-{kind}": [x for x in self.data.get(kind, []) if _in(x["dateTime"], a, b)]})

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/oauth2/token", self._token, methods=["POST"]),
                Route("/oauth2/revoke", self._revoke, methods=["POST"]),
                Route("/1/user/-/apiSubscriptions/{sub}.json", self._subscription, methods=["POST", "DELETE"]),
                Route("/1/user/-/activities/list.json", self._list),
                Route("/1.2/user/-/sleep/list.json", self._list),
                Route("/1/user/-/activities/{kind}/date/{a}/{b}.json", self._range),
                Route("/1/user/-/body/log/{kind}/date/{a}/{b}.json", self._range),
            ]
        )
