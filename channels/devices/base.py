"""One interface for every device provider: what it is called, how it is reached, and how what it
sends becomes normalised records (domain/devices.py).

Two kinds: a phone store pushes batches to us (Health Connect, Apple Health: `decode`), a cloud is
pulled with OAuth tokens (Strava: `pages` from a cursor, `one` record a webhook names).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import httpx

from domain import commands as c
from domain.devices import Cardio


@dataclass
class Batch:
    """Normalised records: readings (each with the provider's record id) and cardio sessions."""

    readings: list[c.MetricEntry] = field(default_factory=list)
    cardio: list[Cardio] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)  # record ids deleted at the provider
    # another id the provider knows a record by -> its record id (HealthKit UUIDs), and deletions
    # named by such ids
    aliases: dict[str, str] = field(default_factory=dict)
    deleted_aliases: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.readings) + len(self.cardio) + len(self.deleted) + len(self.deleted_aliases)

    def extend(self, other: Batch) -> None:
        self.readings += other.readings
        self.cardio += other.cardio
        self.deleted += other.deleted
        self.aliases |= other.aliases
        self.deleted_aliases += other.deleted_aliases


class NeedsReauth(Exception):
    """The provider refused our tokens (401, a refresh refused): the lifter must connect again."""


class ProviderDown(Exception):
    """The provider kept failing (5xx, timeouts, 429s) past the tries a sync allows; `retry_after`:
    how long it asked us to wait, when it said (the breaker then holds its syncs that long)."""

    def __init__(self, message: str = "", retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Refused(ProviderDown):
    """The provider answered a 4xx that trying again will not change (`status` says which)."""

    def __init__(self, status: int) -> None:
        super().__init__(f"the provider answered {status}")
        self.status = status


class Retry(Exception):
    """A reply that says "try again" in its body (Withings answers HTTP 200 with a status): the call
    is tried again like a 5xx, after `wait_s` when given."""

    def __init__(self, reason: str, wait_s: float | None = None) -> None:
        super().__init__(reason)
        self.wait_s = wait_s


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
    auth_method: str = "client_secret_post"  # how the token endpoint takes the client (or client_secret_basic)
    token_params: tuple[tuple[str, str], ...] = ()  # fields every token request adds (Withings: action)
    token_reply: Callable[[httpx.Response], httpx.Response] | None = None  # a token answer made RFC 6749's


class Fetch(Protocol):
    """A provider's cloud API, signed in, with retries: GET (or `send` another method to) a path,
    the JSON back (None for an empty answer)."""

    async def get(self, path: str, params: dict[str, Any] | None = None) -> Any: ...

    async def send(
        self,
        method: str,
        path: str,
        params: dict[str, Any] | None = None,
        data: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any: ...


class CloudProvider(Protocol):
    name: str
    backfill_days: int  # how far back the first sync reaches (within the provider's limits)

    def oauth(self) -> OAuthApp | None: ...

    def external_user(self, token: dict[str, Any]) -> str | None: ...

    def pages(self, api: Fetch, cursor: str | None, backfill_from: int) -> AsyncIterator[tuple[Batch, str | None]]: ...

    async def one(self, api: Fetch, record_id: str) -> Batch: ...


@runtime_checkable
class Links(Protocol):
    """A provider with work to do once the code is exchanged: learn the provider's user id when the
    token does not carry it, make the lifter's webhook subscription (`public_base`: this server)."""

    async def linked(self, api: Fetch, token: dict[str, Any], public_base: str) -> str | None: ...


@runtime_checkable
class Revokes(Protocol):
    """A provider that can be told to forget us when the lifter disconnects (tokens, subscriptions)."""

    async def revoke(self, api: Fetch, token: dict[str, Any], public_base: str) -> None: ...


@runtime_checkable
class Checks(Protocol):
    """A provider whose successful HTTP answers may still be errors: `check` returns the payload,
    or raises NeedsReauth, Retry or ProviderDown."""

    def check(self, reply: Any) -> Any: ...
