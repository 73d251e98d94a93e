"""Shapes of the account flows: mailed links, two-factor sign-in, sessions."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import Field

from channels.http.schemas import In, NotNull, OneOf, Out
from channels.http.schemas.auth import EMAIL, ProofIn, UserOut

CODE = r"^[0-9]{6}$"
RECOVERY_CODE = r"^[A-Za-z0-9][A-Za-z0-9 -]{7,30}[A-Za-z0-9]$"


class SecondFactorIn(OneOf):
    ONE_OF = ("code", "recovery_code")
    challenge_token: str = Field(max_length=1000, description="the `challenge_token` of the login answer (202)")
    code: NotNull[str] = Field(default=None, pattern=CODE, description="the 6 digits the authenticator app shows")
    recovery_code: NotNull[str] = Field(default=None, pattern=RECOVERY_CODE, description="one of the recovery codes")


class SecondFactorOut(Out):
    second_factor_required: bool = True
    challenge_token: str = Field(description="send it to POST /auth/login/2fa with a code")
    expires_in: int = Field(description="seconds the challenge can be answered")
    methods: list[str] = Field(default=["totp", "recovery_code"])


class CodeIn(In):
    code: str = Field(pattern=CODE, description="the 6 digits the authenticator app shows now")


class DisableTwoFactorIn(OneOf):
    ONE_OF = ("code", "password")
    code: NotNull[str] = Field(default=None, pattern=RECOVERY_CODE + "|" + CODE, description="a code or recovery code")
    password: NotNull[str] = Field(default=None, max_length=256, description="or the account's password")


class TwoFactorSetupOut(Out):
    secret: str = Field(description="base32, for typing into an authenticator app")
    otpauth_uri: str = Field(description="otpauth://totp/... (the QR code holds it)")
    qr_svg: str = Field(description="the otpauth URI as a QR code, an SVG document")


class RecoveryCodesOut(Out):
    recovery_codes: list[str] = Field(description="each works once in place of a code; shown this once")


class TwoFactorEnabledOut(RecoveryCodesOut):
    two_factor_enabled: bool = True


class VerifyEmailIn(In):
    token: str = Field(min_length=1, max_length=200, description="the token of the mailed link")


class PasswordResetRequestIn(In):
    email: str = Field(max_length=320, pattern=EMAIL)


class PasswordResetIn(In):
    token: str = Field(min_length=1, max_length=200, description="the token of the mailed link")
    new_password: str = Field(min_length=8, max_length=256)


class LinkMailedOut(Out):
    message: str
    expires_in: int = Field(description="seconds a mailed link works")


class EmailVerifiedOut(Out):
    email: str
    email_verified: bool = True


class PasswordResetOut(Out):
    password_reset: bool = True
    sessions_revoked: int = Field(description="sessions signed out (every device signs in again)")


class SessionOut(Out):
    id: uuid.UUID
    device_name: str | None
    created_at: datetime = Field(description="when the session signed in")
    last_seen_at: datetime = Field(description="its last sign-in or token refresh")
    address: str | None = Field(description="the address that refresh came from")
    current: bool = Field(description="the session of the token this request carries")


class SessionsRevokedOut(Out):
    revoked: int


class PasswordChangeIn(ProofIn):
    new_password: str = Field(min_length=8, max_length=256)


class PasswordChangedOut(Out):
    sessions_revoked: int = Field(description="the other sessions signed out (this one stays signed in)")


class EmailChangeIn(ProofIn):
    email: str = Field(max_length=320, pattern=EMAIL, description="the new address")


class EmailChangedOut(Out):
    user: UserOut
    verification_mailed: bool = Field(description="a link to verify the new address was sent (mail is set up)")


def _example(summary: str, value: dict[str, object]) -> dict[str, object]:
    return {"summary": summary, "value": value}


CHALLENGE = "eyJhbGciOiJIUzI1NiJ9.eyJ0eXBlIjoiMmZhIn0.c2lnbmF0dXJl"
TOKEN = "k3J9dX0aPq8f5YbH2wLrS7uV1cNeM4tGz6jQyBiAoD0.p8Zr2LmT4sVx9QeN1cWk3A"
SECOND_FACTOR_EXAMPLES = {
    "code": _example("With the app's code", {"challenge_token": CHALLENGE, "code": "492039"}),
    "recovery": _example("With a recovery code", {"challenge_token": CHALLENGE, "recovery_code": "k3j9d-8fh2q"}),
}
CODE_EXAMPLES = {"code": _example("The code the app shows", {"code": "492039"})}
DISABLE_EXAMPLES = {
    "code": _example("With the app's code", {"code": "492039"}),
    "password": _example("With the password", {"password": "correct horse battery"}),
}
VERIFY_EXAMPLES = {"link": _example("The token of the mailed link", {"token": TOKEN})}
RESET_REQUEST_EXAMPLES = {"forgot": _example("Forgot the password", {"email": "sam@example.com"})}
RESET_EXAMPLES = {"reset": _example("A new password", {"token": TOKEN, "new_password": "a new long passphrase"})}
PASSWORD_CHANGE_EXAMPLES = {
    "change": _example(
        "With the current password", {"password": "correct horse battery", "new_password": "a new long passphrase"}
    ),
    "first": _example(
        "A first password, for an account made with Google or Apple (a code, or signed in within minutes)",
        {"code": "492039", "new_password": "a new long passphrase"},
    ),
}
EMAIL_CHANGE_EXAMPLES = {
    "change": _example("With the password", {"password": "correct horse battery", "email": "sam.lee@example.com"}),
}
PASSWORD_CHANGED_EXAMPLE = {"sessions_revoked": 2}
SECOND_FACTOR_EXAMPLE = {
    "second_factor_required": True,
    "challenge_token": CHALLENGE,
    "expires_in": 300,
    "methods": ["totp", "recovery_code"],
}
SETUP_EXAMPLE = {
    "secret": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
    "otpauth_uri": "otpauth://totp/Spotter:sam%40example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Spotter",
    "qr_svg": '<svg width="180" height="180" class="segno"><path transform="scale(4)" d="M4 4.5h7m3 0h2..."/></svg>',
}
SESSIONS_EXAMPLE = {
    "data": [
        {
            "id": "0b6f7c1e-2f4a-4c1d-9a55-3f1e2d4c5b6a",
            "device_name": "Pixel",
            "created_at": "2026-03-01T07:58:12+00:00",
            "last_seen_at": "2026-03-02T18:03:40+00:00",
            "address": "203.0.113.7",
            "current": True,
        }
    ],
    "meta": {"page": 1, "limit": 20, "total": 1, "has_next": False},
}


def example(value: Any) -> dict[int | str, dict[str, Any]]:
    """A 200 answer's example, for a route decorator's `responses=`."""
    return {200: {"content": {"application/json": {"example": value}}}}
