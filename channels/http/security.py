"""Access tokens (PyJWT, HS256) and who is calling: a bearer token or an API key."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import jwt

from assistant.spotter import Spotter
from domain import queries
from domain.security import digest

ALGORITHM = "HS256"
ALL_SCOPES = ("read", "write")


@dataclass(frozen=True)
class Principal:
    user_id: uuid.UUID
    scopes: tuple[str, ...]
    via: str  # "token" or "api_key"

    def can(self, scope: str) -> bool:
        return scope in self.scopes or (scope == "read" and "write" in self.scopes)


def issue_access_token(user_id: uuid.UUID, secret: str, ttl_s: int) -> str:
    now = int(time.time())
    claims = {"sub": str(user_id), "type": "access", "iat": now, "exp": now + ttl_s, "jti": uuid.uuid4().hex}
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def read_access_token(token: str, secret: str) -> uuid.UUID | None:
    """The user id of a valid, unexpired access token, else None (verified once per token, then cached)."""
    cached = _verified.get((token, secret))
    if cached is not None:
        user_id, expires = cached
        if expires > time.time():
            return user_id
        _verified.pop((token, secret), None)
        return None
    verified, until = _verify(token, secret)
    if verified is not None:
        if len(_verified) >= 4096:
            _verified.clear()
        _verified[(token, secret)] = (verified, until)
    return verified


_verified: dict[tuple[str, str], tuple[uuid.UUID, float]] = {}


def _verify(token: str, secret: str) -> tuple[uuid.UUID | None, float]:
    try:
        claims = jwt.decode(token, secret, algorithms=[ALGORITHM], options={"require": ["exp", "sub"]})
    except jwt.PyJWTError:
        return None, 0.0
    if claims.get("type") != "access":
        return None, 0.0
    try:
        return uuid.UUID(str(claims["sub"])), float(claims["exp"])
    except ValueError:
        return None, 0.0


class KnownUsers:
    """Users lately seen to exist. A token proves who signed in, not that the account is still there:
    its user is looked up again at most once per `ttl_s`, not on every request."""

    def __init__(self, ttl_s: float = 60.0, size: int = 10_000) -> None:
        self.ttl_s, self.size = ttl_s, size
        self._seen: dict[uuid.UUID, float] = {}

    def fresh(self, user_id: uuid.UUID) -> bool:
        return self._seen.get(user_id, 0.0) > time.monotonic()

    def saw(self, user_id: uuid.UUID) -> None:
        if len(self._seen) >= self.size:
            self._seen.clear()
        self._seen[user_id] = time.monotonic() + self.ttl_s

    def forget(self, user_id: uuid.UUID) -> None:
        self._seen.pop(user_id, None)


async def still_there(known: KnownUsers, spotter: Spotter, user_id: uuid.UUID) -> bool:
    """Whether a token's account still exists (read at most once a minute per user, see KnownUsers)."""
    if known.fresh(user_id):
        return True
    async with spotter.reader() as uow:
        found = await queries.user(uow, user_id)
    if found is None:
        return False
    known.saw(user_id)
    return True


def bearer(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, value = authorization.partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


def caller_key(headers: dict[str, str], secret: str, client: str) -> str:
    """A cheap identity for idempotency records (no database): user, key hash, or address."""
    token = bearer(headers.get("authorization"))
    if token:
        user = read_access_token(token, secret)
        if user:
            return f"u:{user}"
    key = headers.get("x-api-key")
    if key:
        return f"k:{digest(key)[:24]}"
    return f"ip:{client}"


def caller_scopes(user_id: uuid.UUID, key_hashes: list[str]) -> tuple[str, ...]:
    """Every `caller_key` a user's requests can have had: their login, and each of their API keys."""
    return (f"u:{user_id}", *(f"k:{h[:24]}" for h in key_hashes))


async def api_key_user(spotter: Callable[[], Spotter], secret: str) -> uuid.UUID | None:
    """The owner of a live API key (not revoked, not expired), asked of the store."""
    async with spotter().reader() as uow:
        found = await queries.api_key_owner(uow, secret)
    return found.user_id if found is not None else None
