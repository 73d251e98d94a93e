"""Answers of the account flows as the OpenAPI document shows them (issue 23). Every value is set
(FastAPI leaves a null out of an example, and a field the schema requires must be there), and
tests/integration/http/test_openapi.py checks each against its schema with jsonschema."""

from __future__ import annotations

from typing import Any

from channels.http.schemas.coaching import TRAINER_EXAMPLE

USER = {
    "id": "5f0c2b8e-0a1d-4c2e-8f3b-9d7a6e5c4b3a",
    "email": "sam@example.com",
    "display_name": "Sam",
    "unit_pref": "kg",
    "timezone": "Europe/Berlin",
    "bar_weight": 20.0,
    "birth_date": "1994-05-17",
    "height_cm": 178.0,
    "sex": "female",
    "privacy": "private",
    "created_at": "2026-03-01T07:58:12+00:00",
    "email_verified": False,
    "two_factor_enabled": False,
    "has_password": True,
    "role": "user",
}
TOKENS = {
    "access_token": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI1ZjBjMmI4ZSJ9.c2lnbmF0dXJl",
    "refresh_token": "rt_4q8Z2mX9vK1pL7sN3bC6dF0gH5jT",
    "token_type": "bearer",
    "expires_in": 900,
    "user": USER,
    "hint": "Your email address is not verified yet: POST /api/v1/auth/verify-email/request mails a link",
}
REFRESH_EXAMPLES = {
    "rotate": {"summary": "The refresh token last given", "value": {"refresh_token": TOKENS["refresh_token"]}}
}
LINK_MAILED = {"message": "A link is on its way to the account's address", "expires_in": 172800}
RESET_MAILED = {"message": "If an account has this address, a link is on its way to it", "expires_in": 3600}
EMAIL_VERIFIED = {"email": "sam@example.com", "email_verified": True}
PASSWORD_RESET = {"password_reset": True, "sessions_revoked": 3}
RECOVERY_CODES = {"recovery_codes": ["k3j9d-8fh2q", "p2m8x-4ty7w", "…eight more"]}
ENABLED = {**RECOVERY_CODES, "two_factor_enabled": True}
PROFILE_EXAMPLES = {"units": {"summary": "Kilograms, and a 15 kg bar", "value": {"unit_pref": "kg", "bar_weight": 15}}}
AUDIT = {
    "data": [
        {
            "id": "c4e1f0a2-9b8d-4e7c-a6f5-3d2c1b0a9e8f",
            "action": "trainer.read",
            "entity": "workout",
            "entity_id": "9a1e5c3b-7d2f-4a6e-8b1c-0f9e8d7c6b5a",
            "data": {"trainer_id": "5f0c2b8e-0a1d-4c2e-8f3b-9d7a6e5c4b3a"},
            "created_at": "2026-03-02T18:03:40+00:00",
        }
    ],
    "meta": {"page": 1, "limit": 20, "total": 1, "has_next": False},
}
ERASED = {"erased": True, "rows": {"workouts": 212, "sets": 3890, "body_metrics": 140, "users": 1}}
EMAIL_CHANGED = {"user": {**USER, "email": "sam.lee@example.com"}, "verification_mailed": True}
REVOKED_OTHERS = {"revoked": 2}
CLIENT = {
    **{k: v for k, v in TRAINER_EXAMPLE.items() if k != "trainer"},
    "client": {"id": "7a1d9c3e-5b2f-4e8a-9c6d-1f2e3d4c5b6a", "email": "sam@example.com", "display_name": "Sam"},
}
CLIENTS = {"data": [CLIENT], "meta": {"page": 1, "limit": 20, "total": 1, "has_next": False}}
REQUESTED = {**CLIENT, "status": "requested", "can_write_routines": False, "accepted_at": None}
REQUESTED.pop("accepted_at")


def answer(value: Any, status: int = 200) -> dict[int | str, dict[str, Any]]:
    """An answer's example, for a route decorator's `responses=`."""
    return {status: {"content": {"application/json": {"example": value}}}}
