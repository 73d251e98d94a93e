"""A fake Withings on loopback, with its quirks: /v2/oauth2 wants `action=requesttoken` and answers
`{"status": N, "body": ...}` with HTTP 200 (errors too); /measure `getmeas` pages by `offset` with
`more`, and reports a bad token as `status: 401` in a 200; /notify subscribes and revokes."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.fakes.clouds import FakeCloud, page


def groups(count: int) -> list[dict[str, Any]]:
    """`count` measure groups, one a day up to yesterday: weight and fat, or blood pressure and pulse."""
    now = datetime.now(UTC)
    found = []
    for i in range(count):
        when = int((now - timedelta(days=count - i)).timestamp())
        if i % 2:
            measures = [
                {"value": 1205, "type": 10, "unit": -1},
                {"value": 80, "type": 9, "unit": 0},
                {"value": 62, "type": 11, "unit": 0},
            ]
        else:
            measures = [{"value": 80500 + i, "type": 1, "unit": -3}, {"value": 185, "type": 6, "unit": -1}]
        found.append(
            {
                "grpid": 900 + i,
                "attrib": 0,
                "date": when,
                "created": when,
                "modified": when,
                "category": 1,
                "deviceid": "scale-1",
                "measures": measures,
            }
        )
    return found


def withings_id(user: str) -> int:
    """Withings' user ids are numbers: the fake's user "u-<hex>" as one."""
    return int(user.removeprefix("u-"), 16)


def ok(body: dict[str, Any]) -> JSONResponse:
    return JSONResponse({"status": 0, "body": body})


def status(code: int, error: str) -> JSONResponse:
    return JSONResponse({"status": code, "error": error})  # HTTP 200, as Withings answers


@dataclass
class FakeWithings(FakeCloud):
    measures: list[dict[str, Any]] = field(default_factory=list)
    per_page: int = 10
    subscriptions: list[dict[str, str]] = field(default_factory=list)

    async def _oauth2(self, request: Request) -> Response:
        form = {k: str(v) for k, v in (await request.form()).items()}
        if form.get("action") != "requesttoken":
            return status(2554, "Wrong action or wrong webservice")
        if form.get("client_id") != self.client_id or form.get("client_secret") != self.client_secret:
            return status(503, "Invalid Params: invalid client")
        if self.script and self.script[0] == "601":
            self.script.pop(0)
            return status(601, "Too many requests")
        granted = self.grant(form)
        if granted is None:
            return status(503, "Invalid Params: invalid code or refresh token")
        user, tokens = granted
        return ok({**tokens, "userid": withings_id(user), "csrf_token": "x"})

    async def _measure(self, request: Request) -> Response:
        form = {k: str(v) for k, v in (await request.form()).items()}
        if self.user(request) is None:
            self.calls.append(str(request.url))
            return status(401, "Invalid access_token")
        if self.script and self.script[0] == "601":
            self.script.pop(0)
            self.calls.append(str(request.url))
            self.faults["601"] = self.faults.get("601", 0) + 1
            return status(601, "Too many requests")
        fault = await self.fault(request)
        if isinstance(fault, Response):
            return fault
        if form.get("action") != "getmeas":
            return status(2554, "Wrong action or wrong webservice")
        if "lastupdate" in form:
            chosen = [g for g in self.measures if g["modified"] > int(form["lastupdate"])]
        else:
            start, end = int(form.get("startdate", 0)), int(form.get("enddate", 2**31))
            chosen = [g for g in self.measures if start <= g["date"] <= end]
        offset = int(form.get("offset", 0))
        found = page(chosen, offset, self.per_page, fault == "repeat")
        more = offset + self.per_page < len(chosen)
        return ok(
            {
                "updatetime": int(time.time()),
                "timezone": "Europe/Paris",
                "measuregrps": found,
                "more": int(more),
                "offset": offset + self.per_page if more else 0,
            }
        )

    async def _notify(self, request: Request) -> Response:
        form = {k: str(v) for k, v in (await request.form()).items()}
        if self.user(request) is None:
            return status(401, "Invalid access_token")
        self.subscriptions.append(form)
        if form.get("action") == "revoke":
            self.revoked.append(form.get("callbackurl", ""))
        return ok({})

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/v2/oauth2", self._oauth2, methods=["POST"]),
                Route("/measure", self._measure, methods=["POST"]),
                Route("/notify", self._notify, methods=["POST"]),
            ]
        )
