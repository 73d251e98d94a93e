"""A provider's cloud API with the manners a sync needs: a 401 means the lifter must connect again;
a 429 waits what `Retry-After` says (never less than the backoff); 5xx and timeouts are tried again
after a backoff that doubles (with jitter, so many syncs do not retry in step); past the allowed
tries, or a `Retry-After` longer than a sync may wait, the sync stops (`ProviderDown`) and the next
one starts again from the saved cursor."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx

from channels.devices.base import NeedsReauth, ProviderDown

Sleep = Callable[[float], Awaitable[None]]


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
        self, client: httpx.AsyncClient, base_url: str, token: str, manners: Manners, sleep: Sleep = asyncio.sleep
    ) -> None:
        self._client, self._base, self._token, self._manners, self._sleep = (
            client,
            base_url.rstrip("/"),
            token,
            manners,
            sleep,
        )

    async def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        wait, last = self._manners.backoff_s, ""
        for _ in range(self._manners.attempts):
            try:
                response = await self._client.get(
                    self._base + path, params=params, headers={"Authorization": f"Bearer {self._token}"}
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
                        return response.json()
                    except ValueError:
                        last = "a reply that is not JSON"
                elif response.status_code == 429:
                    asked = retry_after(response)
                    if asked is not None and asked > self._manners.max_wait_s:
                        raise ProviderDown(f"rate limited for {asked:g} s", retry_after=asked)
                    last = "429"
                    wait = max(wait, asked or 0.0)
                elif response.status_code >= 500:
                    last = str(response.status_code)
                else:
                    raise ProviderDown(f"the provider answered {response.status_code}")
            await self._sleep(wait * random.uniform(1.0, 1.25))
            wait = min(wait * 2 or 0.0, self._manners.max_wait_s)
        raise ProviderDown(f"gave up after {self._manners.attempts} tries (last: {last})")
