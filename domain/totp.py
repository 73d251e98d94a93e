"""Time-based one-time codes (RFC 6238 with pyotp: 6 digits, 30 s steps) and recovery codes.

A code is taken for the step before, the current one or the one after (clocks drift), and never for
a step at or before the last one a code was taken for (the caller keeps that step), so a code seen
over a shoulder cannot be used again. Recovery codes are random (50 bits each), kept as hashes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
import uuid

import pyotp

ISSUER = "Spotter"
DRIFT_STEPS = 1
RECOVERY_CODES = 10
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read off paper without doubt


def new_secret() -> str:
    return pyotp.random_base32()


def uri(secret: str, account: str) -> str:
    """The otpauth:// URI an authenticator app reads (from the QR code or typed in)."""
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=ISSUER)


def code_at(secret: str, when: float) -> str:
    return pyotp.TOTP(secret).at(when)


def matching_step(secret: str, code: str, after: int | None, now: float | None = None) -> int | None:
    """The time step `code` is right for (within the drift), if it is later than `after`."""
    code = code.strip().replace(" ", "")
    if len(code) != 6 or not code.isdigit():
        return None
    otp = pyotp.TOTP(secret)
    current = otp.timecode(time.time() if now is None else now)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if (after is None or step > after) and hmac.compare_digest(otp.generate_otp(step), code):
            return step
    return None


def new_recovery_codes(count: int = RECOVERY_CODES) -> list[str]:
    codes = ("".join(secrets.choice(_ALPHABET) for _ in range(10)) for _ in range(count))
    return [f"{c[:5]}-{c[5:]}" for c in codes]


def recovery_digest(user_id: uuid.UUID, code: str) -> str:
    """The stored form of a recovery code: spaces, dashes and case do not matter."""
    plain = "".join(ch for ch in code.lower() if ch.isalnum())
    return hashlib.sha256(f"recovery:{user_id}:{plain}".encode()).hexdigest()
