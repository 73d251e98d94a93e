"""Withings: OAuth with its quirks (every token request carries `action=requesttoken`; answers are
`{"status": N, "body": {...}}` with HTTP 200 even for errors), body measures (`getmeas`: weight,
body fat, blood pressure, pulse) read by `lastupdate` page by page (`more`, `offset`), and notify
subscriptions: Withings calls our callback with the user, the kind of data and the time range.

Withings does not sign notifications: the callback URL we subscribe carries a token only this
server and Withings know (`notify_token`), and a notification only says which range to read with
the lifter's own token, so a replay reads again what is stored once. Withings has no token
revocation: on disconnect the notify subscriptions are revoked.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import AsyncIterator
from typing import Any

import httpx

from channels.devices.base import Batch, Fetch, NeedsReauth, OAuthApp, ProviderDown, Retry
from channels.devices.cloud import Gone
from channels.devices.values import moment
from domain import commands as c

NAME = "withings"
MEASURES = {1: ("body_weight", "kg"), 6: ("body_fat", "%"), 11: ("heart_rate", "bpm")}
SYSTOLIC, DIASTOLIC = 10, 9
APPLIS = (1, 4)  # notify categories: weight and body composition; blood pressure and pulse
AUTH_FAILED = {100, 101, 102, 200, 401}  # the token is not (or no longer) good
TRY_AGAIN = {601, 2555}  # too many requests; "an unknown error occurred"
MAX_PAGES = 100


def _status(body: Any) -> int:
    return int(body.get("status", -1)) if isinstance(body, dict) and isinstance(body.get("status"), int) else -1


def token_reply(response: httpx.Response) -> httpx.Response:
    """Withings' token answer as OAuth expects it: the body's `body` on success; an error status as
    a 400 `invalid_grant` (the code or refresh token refused), or raised to try later."""
    try:
        payload = response.json()
    except ValueError:
        return response
    status = _status(payload)
    if status == 0 and isinstance(payload.get("body"), dict):
        return httpx.Response(200, json=payload["body"], request=response.request)
    if status in TRY_AGAIN or response.status_code >= 500:
        raise httpx.HTTPStatusError(f"withings status {status}", request=response.request, response=response)
    error = {"error": "invalid_grant", "error_description": f"withings status {status}: {payload.get('error')}"}
    return httpx.Response(400, json=error, request=response.request)


class Withings:
    name = NAME
    backfill_days = 365  # a scale's readings are few; a year of them is a small read

    def __init__(self, base_url: str, auth_url: str, client_id: str, client_secret: str, server_secret: str) -> None:
        self.base_url, self.auth_url = base_url.rstrip("/"), auth_url.rstrip("/")
        self.client_id, self.client_secret = client_id, client_secret
        self.notify_token = hmac.new(server_secret.encode(), b"withings-notify", hashlib.sha256).hexdigest()[:32]

    def oauth(self) -> OAuthApp:
        return OAuthApp(
            authorize_url=f"{self.auth_url}/oauth2_user/authorize2",
            token_url=f"{self.base_url}/v2/oauth2",
            client_id=self.client_id,
            client_secret=self.client_secret,
            scopes=("user.metrics", "user.activity"),
            scope_separator=",",
            token_params=(("action", "requesttoken"),),
            token_reply=token_reply,
        )

    def external_user(self, token: dict[str, Any]) -> str | None:
        return str(token["userid"]) if token.get("userid") is not None else None

    def check(self, reply: Any) -> Any:
        """A Withings answer's body, or its status as NeedsReauth, Retry or ProviderDown."""
        status = _status(reply)
        if status == 0:
            return reply.get("body") or {}
        if status in AUTH_FAILED:
            raise NeedsReauth(f"withings status {status}")
        if status in TRY_AGAIN:
            raise Retry(f"withings status {status}")
        raise ProviderDown(f"withings status {status}: {reply.get('error') if isinstance(reply, dict) else reply}")

    def callback_url(self, public_base: str) -> str:
        return f"{public_base.rstrip('/')}/api/v1/channels/withings/notify?token={self.notify_token}"

    async def linked(self, api: Fetch, token: dict[str, Any], public_base: str) -> str | None:
        for appli in APPLIS:
            data = {"action": "subscribe", "callbackurl": self.callback_url(public_base), "appli": appli}
            await api.send("POST", "/notify", data=data)
        return self.external_user(token)

    async def revoke(self, api: Fetch, token: dict[str, Any], public_base: str) -> None:
        for appli in APPLIS:
            data = {"action": "revoke", "callbackurl": self.callback_url(public_base), "appli": appli}
            try:
                await api.send("POST", "/notify", data=data)
            except (ProviderDown, Gone):  # one not there (any more): the other is still revoked
                continue

    async def pages(
        self, api: Fetch, cursor: str | None, backfill_from: int
    ) -> AsyncIterator[tuple[Batch, str | None]]:
        """Measure groups changed since the cursor (Withings' `updatetime` of the last read)."""
        since = int(cursor) if cursor and cursor.isdigit() else backfill_from
        latest: str | None = cursor
        async for batch, updated in self._read(api, {"lastupdate": since}):
            latest = str(updated) if updated else latest
            yield batch, cursor
        yield Batch(), latest

    async def one(self, api: Fetch, record_id: str) -> Batch:
        """`<startdate>-<enddate>` (Unix seconds), the range a notification names."""
        start, _, end = record_id.partition("-")
        if not (start.isdigit() and end.isdigit()):
            return Batch()
        found = Batch()
        async for batch, _ in self._read(api, {"startdate": int(start), "enddate": int(end)}):
            found.extend(batch)
        return found

    async def _read(self, api: Fetch, params: dict[str, Any]) -> AsyncIterator[tuple[Batch, int | None]]:
        offset: int | None = None
        types = ",".join(str(t) for t in (*MEASURES, SYSTOLIC, DIASTOLIC))
        for _ in range(MAX_PAGES):
            data = {"action": "getmeas", "meastypes": types, "category": 1, **params}
            if offset:
                data["offset"] = offset
            body = await api.send("POST", "/measure", data=data)
            body = body if isinstance(body, dict) else {}
            yield groups(body.get("measuregrps")), body.get("updatetime")
            if not body.get("more") or not body.get("offset"):
                return
            offset = int(body["offset"])


def groups(items: Any) -> Batch:
    """Measure groups as readings: `value * 10^unit` of each type, blood pressure as one reading."""
    batch = Batch()
    for group in items if isinstance(items, list) else []:
        if not isinstance(group, dict) or group.get("grpid") is None or (when := moment(group.get("date"))) is None:
            continue
        values: dict[int, float] = {}
        for m in group.get("measures") or []:
            try:
                values[int(m["type"])] = float(m["value"]) * 10 ** int(m["unit"])
            except (KeyError, TypeError, ValueError):
                continue
        key = str(group["grpid"])
        for kind, (metric, unit) in MEASURES.items():
            if kind in values:
                batch.readings.append(c.MetricEntry(metric, round(values[kind], 3), unit, when, None, f"{key}:{kind}"))
        if SYSTOLIC in values and DIASTOLIC in values:
            details = {"diastolic": round(values[DIASTOLIC], 1)}
            batch.readings.append(
                c.MetricEntry("blood_pressure", round(values[SYSTOLIC], 1), "mmHg", when, details, f"{key}:bp")
            )
    return batch
