"""A provider's cloud API with the manners a sync needs: a 401 means the lifter must connect again;
a 429 waits what `Retry-After` says (never less than the backoff); 5xx and timeouts are tried again
after a backoff that doubles (with jitter, so many syncs do not retry in step); past the allowed
tries, or a `Retry-After` longer than a sync may wait, the sync stops (`ProviderDown`) and the next
one starts again from the saved cursor. A provider that reports errors inside HTTP 200 answers
(Withings) gives a `check` that turns them into the same outcomes."""

from __future__ import annotations

import asyncio
import functools
import random
import ssl
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import certifi
import httpx

from channels.devices.base import NeedsReauth, ProviderDown, Refused, Retry

Sleep = Callable[[float], Awaitable[None]]


@functools.cache
def tls() -> ssl.SSLContext:
    """One TLS context for every client of a provider's cloud: building one reads the CA bundle
    (about 0.1 s), and a sync or an OAuth exchange opens a client each time."""
    return ssl.create_default_context(cafile=certifi.where())


class Gone(Exception):
    """The record asked for is not there (deleted at the provider)."""


@dataclass(frozen=True)
class Manners:
    attempts: int = 5
    backoff_s: float = 1.0
    max_wait_s: float = 60.0


def retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    try:
        return max(0.0, float(value))
    except ValueError:
        return None


class Cloud:
    """GET JSON from `base_url` with a bearer token (the `Fetch` of channels/devices/base.py)."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        base_url: str,
        token: str,
        manners: Manners,
        sleep: Sleep = asyncio.sleep,
        check: Callable[[Any], Any] | None = None,
    ) -> None:
        self._client, self._base, self._token, self._manners, self._sleep = (
            client,
            base_url.rstrip("/"),
            token,
            manners,
            sleep,
        )
        self._check = check

    async def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return await self.send("GET", path, params)

    async def send(
        self,
        method: str,
        path: str,
        params: dict[str, Any] | None = None,
        data: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        wait, last = self._manners.backoff_s, ""
        for _ in range(self._manners.attempts):
            try:
                response = await self._client.request(
                    method,
                    self._base + path,
                    params=params,
                    data=data,
                    headers={"Authorization": f"Bearer {self._token}", **(headers or {})},
                )
            except httpx.HTTPError as exc:  # timeouts, refused connections, broken replies
                last = f"{type(exc).__name__}"
            else:
                if response.status_code == 401:
                    raise NeedsReauth("the provider refused the access token")
                if response.status_code == 404:
                    raise Gone(path)
                if response.status_code < 400:
                    try:
                        body = response.json() if response.content else None
                    except ValueError:
                        last = "a reply that is not JSON"
                    else:
                        try:
                            return self._check(body) if self._check is not None else body
                        except Retry as exc:
                            last = str(exc)
                            wait = max(wait, exc.wait_s or 0.0)
                elif response.status_code == 429:
                    asked = retry_after(response)
                    if asked is not None and asked > self._manners.max_wait_s:
                        raise ProviderDown(f"rate limited for {asked:g} s", retry_after=asked)
                    last = "429"
                    wait = max(wait, asked or 0.0)
                elif response.status_code >= 500:
                    last = str(response.status_code)
                else:
                    raise Refused(response.status_code)
            await self._sleep(wait * random.uniform(1.0, 1.25))
            wait = min(wait * 2 or 0.0, self._manners.max_wait_s)
        raise ProviderDown(f"gave up after {self._manners.attempts} tries (last: {last})")
