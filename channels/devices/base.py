"""One interface for every device provider: what it is called, how it is reached, and how what it
sends becomes normalised records (domain/devices.py).

Two kinds: a phone store pushes batches to us (Health Connect, Apple Health: `decode`), a cloud is
pulled with OAuth tokens (Strava: `pages` from a cursor, `one` record a webhook names).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from domain import commands as c
from domain.devices import Cardio


@dataclass
class Batch:
    """Normalised records: readings (each with the provider's record id) and cardio sessions."""

    readings: list[c.MetricEntry] = field(default_factory=list)
    cardio: list[Cardio] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.readings) + len(self.cardio)

    def extend(self, other: Batch) -> None:
        self.readings += other.readings
        self.cardio += other.cardio


class NeedsReauth(Exception):
    """The provider refused our tokens (401, a refresh refused): the lifter must connect again."""


class ProviderDown(Exception):
    """The provider kept failing (5xx, timeouts, 429s) past the tries a sync allows; `retry_after`:
    how long it asked us to wait, when it said (the breaker then holds its syncs that long)."""

    def __init__(self, message: str = "", retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class OAuthApp:
    """Where a provider's OAuth lives and how it is spoken."""

    authorize_url: str
    token_url: str
    client_id: str
    client_secret: str
    scopes: tuple[str, ...]
    pkce: bool = False  # the provider takes a code challenge (S256)
    scope_separator: str = " "


class Fetch(Protocol):
    """A provider's cloud API, signed in, with retries: GET a path, the JSON back."""

    async def get(self, path: str, params: dict[str, Any] | None = None) -> Any: ...


class CloudProvider(Protocol):
    name: str
    backfill_days: int  # how far back the first sync reaches (within the provider's limits)

    def oauth(self) -> OAuthApp | None: ...

    def external_user(self, token: dict[str, Any]) -> str | None: ...

    def pages(self, api: Fetch, cursor: str | None, backfill_from: int) -> AsyncIterator[tuple[Batch, str | None]]: ...

    async def one(self, api: Fetch, record_id: str) -> Batch: ...
