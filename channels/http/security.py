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
    session_id: uuid.UUID | None = None  # the session a token belongs to (none for API keys)
    key_id: uuid.UUID | None = None  # the API key called with (none for tokens)

    def can(self, scope: str) -> bool:
        return scope in self.scopes or (scope == "read" and "write" in self.scopes)


@dataclass(frozen=True)
class Access:
    """What a valid access token says: whose it is and, from logins, which session issued it."""

    user_id: uuid.UUID
    session_id: uuid.UUID | None
    expires: float


def issue_access_token(user_id: uuid.UUID, secret: str, ttl_s: int, session_id: uuid.UUID | None = None) -> str:
    now = int(time.time())
    claims = {"sub": str(user_id), "type": "access", "iat": now, "exp": now + ttl_s, "jti": uuid.uuid4().hex}
    if session_id is not None:
        claims["sid"] = str(session_id)
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def read_access(token: str, secret: str) -> Access | None:
    """A valid, unexpired access token's claims, else None (verified once per token, then cached).
    Whether its session was ended since is the caller's question (channels/http/revocation.py)."""
    cached = _verified.get((token, secret))
    if cached is not None:
        if cached.expires > time.time():
            return cached
        _verified.pop((token, secret), None)
        return None
    verified = _verify(token, secret)
    if verified is not None:
        if len(_verified) >= 4096:
            _verified.clear()
        _verified[(token, secret)] = verified
    return verified


def read_access_token(token: str, secret: str) -> uuid.UUID | None:
    """The user id of a valid, unexpired access token, else None."""
    found = read_access(token, secret)
    return found.user_id if found is not None else None


_verified: dict[tuple[str, str], Access] = {}


def _verify(token: str, secret: str) -> Access | None:
    try:
        claims = jwt.decode(token, secret, algorithms=[ALGORITHM], options={"require": ["exp", "sub"]})
    except jwt.PyJWTError:
        return None
    if claims.get("type") != "access":
        return None
    try:
        sid = claims.get("sid")
        return Access(uuid.UUID(str(claims["sub"])), uuid.UUID(str(sid)) if sid else None, float(claims["exp"]))
    except ValueError:
        return None


def issue_challenge(user_id: uuid.UUID, device: str | None, secret: str, ttl_s: int) -> str:
    """The signed word that the password was right and a second factor is awaited (not an access token)."""
    now = int(time.time())
    claims = {"sub": str(user_id), "type": "2fa", "iat": now, "exp": now + ttl_s, "dev": device}
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def read_challenge(token: str, secret: str) -> tuple[uuid.UUID, str | None] | None:
    """(user id, device name) of a valid, unexpired challenge, else None."""
    try:
        claims = jwt.decode(token, secret, algorithms=[ALGORITHM], options={"require": ["exp", "sub"]})
        if claims.get("type") != "2fa":
            return None
        device = claims.get("dev")
        return uuid.UUID(str(claims["sub"])), str(device)[:100] if device else None
    except (jwt.PyJWTError, ValueError):
        return None


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
