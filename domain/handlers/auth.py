"""Accounts, logins with rotating refresh tokens, profiles and API keys."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from domain import commands as c
from domain.errors import AuthFailed, Conflict, Invalid, NotFound
from domain.models import ApiKey, AuditEntry, RefreshToken, User, Webhook, utcnow
from domain.nutrition.checks import merge_targets
from domain.security import Passwords, digest, new_secret
from domain.sessions import revoke_families
from domain.uow import UnitOfWork
from domain.validation import UNITS, Checker, check_email, check_not_null, check_password, check_timezone

API_KEY_SCOPES = ("read", "write")
PROFILE_FIELDS = {
    "display_name",
    "unit_pref",
    "timezone",
    "bar_weight",
    "birth_date",
    "height_cm",
    "sex",
    "privacy",
    "phone",
    "nutrition_targets",
}


@dataclass(frozen=True)
class LoggedIn:
    user: User
    refresh_token: str
    family_id: uuid.UUID


@dataclass(frozen=True)
class SecondFactorNeeded:
    """The password was right, and the account asks for a code too (handlers/two_factor.py)."""

    user_id: uuid.UUID
    device_name: str | None


@dataclass(frozen=True)
class ApiKeyCreated:
    key: ApiKey
    secret: str


async def register(cmd: c.Register, uow: UnitOfWork, *, passwords: Passwords) -> User:
    email = check_email(cmd.email)
    check_password(cmd.password)
    if cmd.unit_pref not in UNITS:
        raise Invalid.field("unit_pref", "must be lb or kg")
    check_timezone(cmd.timezone)
    user = User(
        email=email,
        password_hash=await passwords.hash(cmd.password),
        display_name=cmd.display_name,
        unit_pref=cmd.unit_pref,
        timezone=cmd.timezone,
    )
    uow.session.add(user)
    try:
        await uow.session.flush()
    except IntegrityError as exc:
        raise Conflict(
            "An account with this email already exists", [{"field": "email", "message": "already registered"}]
        ) from exc
    uow.session.add(AuditEntry(user_id=user.id, action="user.registered", entity="user", entity_id=str(user.id)))
    await uow.commit()
    return user


def issue(
    uow: UnitOfWork, user: User, family: uuid.UUID, device: str | None, address: str | None, ttl: timedelta
) -> str:
    token = new_secret("rt_")
    uow.session.add(
        RefreshToken(
            user_id=user.id,
            family_id=family,
            token_hash=digest(token),
            device_name=device,
            address=address[:64] if address else None,
            expires_at=utcnow() + ttl,
        )
    )
    return token


async def log_in(
    cmd: c.LogIn, uow: UnitOfWork, *, passwords: Passwords, refresh_ttl: timedelta
) -> LoggedIn | SecondFactorNeeded:
    """Tokens, or (two-factor sign-in on) word that a code is needed: no session exists before it."""
    found = (
        await uow.session.execute(select(User.id, User.password_hash).where(User.email == cmd.email.strip().lower()))
    ).first()
    async with uow.outside():  # the slow hash check keeps no other writer waiting
        verified = await passwords.verify(found.password_hash if found else None, cmd.password)
    if not verified or found is None:
        raise AuthFailed("Wrong email or password")
    user = await uow.session.get(User, found.id)
    if user is None:  # erased while the password was checked
        raise AuthFailed("Wrong email or password")
    if user.two_factor_enabled:
        return SecondFactorNeeded(user.id, cmd.device_name)
    family = uuid.uuid4()
    token = issue(uow, user, family, cmd.device_name, cmd.address, refresh_ttl)
    uow.session.add(AuditEntry(user_id=user.id, action="user.logged_in", data={"device": cmd.device_name}))
    await uow.commit()
    return LoggedIn(user, token, family)


async def refresh(cmd: c.Refresh, uow: UnitOfWork, *, refresh_ttl: timedelta) -> LoggedIn:
    """Rotate: the old token is spent; presenting a spent token again revokes the whole login."""
    row = await uow.session.scalar(select(RefreshToken).where(RefreshToken.token_hash == digest(cmd.token)))
    now = utcnow()
    if row is None:
        raise AuthFailed("Unknown refresh token")
    if row.used_at is None and row.revoked_at is not None:  # its session was ended: no theft to suspect
        raise AuthFailed("This session was signed out; sign in again")
    if row.used_at is not None or row.revoked_at is not None:
        await revoke_families(uow, [row.family_id], now)
        uow.session.add(
            AuditEntry(user_id=row.user_id, action="auth.refresh_reused", data={"family": str(row.family_id)})
        )
        await uow.commit()
        raise AuthFailed("Refresh token already used; this login has been signed out")
    if row.expires_at <= now:
        raise AuthFailed("Refresh token expired")
    user = await uow.session.get(User, row.user_id)
    if user is None:
        raise AuthFailed("Account no longer exists")
    spent = await uow.session.execute(
        update(RefreshToken).where(RefreshToken.id == row.id, RefreshToken.used_at.is_(None)).values(used_at=now)
    )
    if spent.rowcount != 1:  # type: ignore[attr-defined]  # a concurrent refresh won the race
        await uow.rollback()
        raise AuthFailed("Refresh token already used")
    token = issue(uow, user, row.family_id, row.device_name, cmd.address, refresh_ttl)
    await uow.commit()
    return LoggedIn(user, token, row.family_id)


async def log_out(cmd: c.LogOut, uow: UnitOfWork) -> uuid.UUID:
    """Ends the login (the session) the refresh token belongs to; returns the session's id."""
    row = await uow.session.scalar(select(RefreshToken).where(RefreshToken.token_hash == digest(cmd.token)))
    if row is None:
        raise AuthFailed("Unknown refresh token")
    await revoke_families(uow, [row.family_id], utcnow())
    uow.session.add(
        AuditEntry(user_id=row.user_id, action="user.logged_out", entity="session", entity_id=str(row.family_id))
    )
    await uow.commit()
    return row.family_id


async def update_profile(cmd: c.UpdateProfile, uow: UnitOfWork) -> User:
    user = await uow.session.get(User, cmd.user_id)
    if user is None:
        raise NotFound("User not found")
    check = Checker()
    changes = {k: v for k, v in cmd.changes.items() if k in PROFILE_FIELDS}
    check_not_null(changes, User)
    check.choice("unit_pref", changes.get("unit_pref"), UNITS)
    check.range("bar_weight", changes.get("bar_weight"), 0, 100)
    check.range("height_cm", changes.get("height_cm"), 30, 300)
    check.choice("privacy", changes.get("privacy"), ("private", "friends", "public"))
    check.raise_if_any()
    if "timezone" in changes:
        check_timezone(changes["timezone"])
    if "nutrition_targets" in changes:  # merged: a target left out stays, a null clears one
        changes["nutrition_targets"] = merge_targets(user.nutrition_targets, changes["nutrition_targets"])
    for key, value in changes.items():
        setattr(user, key, value)
    await uow.commit()
    return user


async def create_api_key(cmd: c.CreateApiKey, uow: UnitOfWork) -> ApiKeyCreated:
    bad = [s for s in cmd.scopes if s not in API_KEY_SCOPES]
    if bad or not cmd.scopes:
        raise Invalid.field("scopes", f"must be a non-empty subset of {', '.join(API_KEY_SCOPES)}")
    if not cmd.name.strip():
        raise Invalid.field("name", "must not be empty")
    if cmd.expires_at is not None and cmd.expires_at <= utcnow():
        raise Invalid.field("expires_at", "must be in the future")
    secret = new_secret("sk_")
    key = ApiKey(
        user_id=cmd.user_id,
        name=cmd.name.strip()[:100],
        prefix=secret[:10],
        key_hash=digest(secret),
        scopes=sorted(set(cmd.scopes)),
        expires_at=cmd.expires_at,
    )
    uow.session.add(key)
    await uow.commit()
    return ApiKeyCreated(key, secret)


async def revoke_api_key(cmd: c.RevokeApiKey, uow: UnitOfWork) -> None:
    key = await uow.session.get(ApiKey, cmd.key_id)
    if key is None or key.user_id != cmd.user_id or key.revoked_at is not None:
        raise NotFound("API key not found")
    key.revoked_at = utcnow()
    await uow.session.execute(delete(Webhook).where(Webhook.api_key_id == key.id))  # the key's webhooks go with it
    await uow.commit()


async def touch_api_key(cmd: c.TouchApiKey, uow: UnitOfWork) -> None:
    stmt = update(ApiKey).where(ApiKey.id == cmd.key_id).values(last_used_at=utcnow()).returning(ApiKey.user_id)
    owner = await uow.session.scalar(stmt)
    if owner is not None:  # in the owner's audit log, as often as last_used_at moves (once a minute at most)
        uow.session.add(AuditEntry(user_id=owner, action="api_key.used", entity="api_key", entity_id=str(cmd.key_id)))
    await uow.commit()
