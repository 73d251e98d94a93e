from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal
from zoneinfo import available_timezones

from pydantic import Field

from channels.http.schemas import Day, In, NotNull, Out, When
from channels.http.schemas.nutrition import NutritionTargetsIn

# The email rule registration applies (domain.validation.EMAIL), control characters left out.
EMAIL = r"^[^@\s\u0000-\u001f\u007f-\u009f]+@[^@\s\u0000-\u001f\u007f-\u009f]+\.[^@\s\u0000-\u001f\u007f-\u009f]+$"
# IANA time zones, as the documented choices (the server checks with zoneinfo, domain.validation).
TimeZone = Annotated[str, Field(max_length=64, json_schema_extra={"enum": sorted(available_timezones())})]


class RegisterIn(In):
    email: str = Field(max_length=320, pattern=EMAIL)
    password: str = Field(min_length=8, max_length=256)
    display_name: str | None = Field(default=None, max_length=100)
    unit_pref: Literal["lb", "kg"] = "lb"
    timezone: TimeZone = "UTC"


class LoginIn(In):
    email: str = Field(max_length=320)
    password: str = Field(max_length=256)
    device_name: str | None = Field(default=None, max_length=100)


class RefreshIn(In):
    refresh_token: str = Field(max_length=200)


class UserOut(Out):
    id: uuid.UUID
    email: str
    display_name: str | None
    unit_pref: str
    timezone: str
    bar_weight: float | None
    birth_date: date | None
    height_cm: float | None
    sex: str | None
    privacy: str
    created_at: datetime
    email_verified: bool = Field(description="the address was confirmed from a mailed link")
    two_factor_enabled: bool = Field(description="signing in asks for a code from an authenticator app too")
    has_password: bool = Field(
        default=True,
        description="false for an account made by signing in with Google or Apple, until it sets one "
        "(POST /me/password): it proves itself with a code or a fresh sign-in instead",
    )
    role: Literal["user", "trainer", "admin"] = Field(
        default="user", description="user; trainer (may coach lifters who grant it); admin (may set roles)"
    )
    nutrition_targets: dict[str, float] | None = Field(
        default=None, description="daily targets: energy_kcal, protein_g, carbs_g, fat_g, fibre_g (those set)"
    )


class TokensOut(Out):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"
    expires_in: int
    user: UserOut
    hint: str | None = Field(
        default=None, description="something the account should see to (an email address not verified yet)"
    )


class ProfileIn(In):
    CHANGES = True
    display_name: str | None = Field(default=None, max_length=100)
    unit_pref: NotNull[Literal["lb", "kg"]] = None
    timezone: NotNull[TimeZone] = None
    bar_weight: float | None = Field(default=None, ge=0, le=100)
    birth_date: Day | None = None
    height_cm: float | None = Field(default=None, ge=30, le=300)
    sex: Literal["female", "male", "other"] | None = None
    privacy: NotNull[Literal["private", "friends", "public"]] = None
    nutrition_targets: NutritionTargetsIn | None = Field(
        default=None, description="daily targets: a target left out stays, a null clears it; null clears all"
    )


class ApiKeyIn(In):
    name: str = Field(min_length=1, max_length=100)
    scopes: list[Literal["read", "write"]] = Field(default=["read", "write"], min_length=1)
    expires_at: When | None = None


class ApiKeyOut(Out):
    id: uuid.UUID
    name: str
    prefix: str
    scopes: list[str]
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None


class ApiKeyCreatedOut(ApiKeyOut):
    key: str


def _example(summary: str, value: dict[str, object]) -> dict[str, object]:
    return {"summary": summary, "value": value}


REGISTER_EXAMPLES = {
    "account": _example(
        "An account in kilograms",
        {"email": "sam@example.com", "password": "correct horse battery", "display_name": "Sam", "unit_pref": "kg"},
    ),
}
LOGIN_EXAMPLES = {
    "phone": _example(
        "Sign in from a phone",
        {"email": "sam@example.com", "password": "correct horse battery", "device_name": "Pixel"},
    ),
}


PROOF_CODE = r"^[0-9]{6}$|^[A-Za-z0-9][A-Za-z0-9 -]{7,30}[A-Za-z0-9]$"


class ProofIn(In):
    """A fresh proof (domain/handlers/proof.py): the password; an account without one gives a code
    (authenticator app or recovery code) or has signed in within REAUTH_WINDOW_S and gives nothing."""

    password: NotNull[str] = Field(default=None, max_length=256, description="the account's password, given again")
    code: NotNull[str] = Field(
        default=None,
        pattern=PROOF_CODE,
        description="accounts without a password: a code from the authenticator app, or a recovery code",
    )


class EraseIn(ProofIn):
    pass


class ErasedOut(Out):
    erased: bool = True
    rows: dict[str, int] = Field(description="rows removed, per table")


class AuditOut(Out):
    id: uuid.UUID
    action: str = Field(
        description="user.logged_in, user.logged_out, api_key.used, user.exported, channel.linked, "
        "user.email_verified, user.password_reset, user.password_changed, user.email_changed, 2fa.enabled, "
        "2fa.disabled, session.revoked, "
        "user.signed_in_with (Google, Apple), trainer.invited, trainer.requested, trainer.granted, "
        "trainer.accepted, trainer.access_changed, trainer.ended, trainer.read (a trainer was shown your "
        "data: `entity` says which, `data.trainer_id` who), trainer.routine_assigned, user.role_changed, ..."
    )
    entity: str | None
    entity_id: str | None
    data: dict[str, object]
    created_at: datetime


ERASE_EXAMPLES = {
    "erase": _example("Erase the account", {"password": "the account password, again"}),
    "code": _example("An account without a password: the authenticator app's code", {"code": "492039"}),
    "fresh": _example("An account without a password, signed in within the last minutes", {}),
}
EXPORT_EXAMPLE = {
    "exported_at": "2026-03-01T18:00:00+00:00",
    "tables": {
        "users": [{"id": "5f0c…", "email": "sam@example.com", "unit_pref": "kg", "timezone": "Europe/Berlin"}],
        "workouts": [{"id": "9a1e…", "name": "Push", "started_at": "2026-03-01T17:00:00+00:00"}],
        "sets": [{"id": "c2d4…", "workout_id": "9a1e…", "reps": 8, "weight": 100.0, "unit": "kg"}],
    },
}
