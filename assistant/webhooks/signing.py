"""The webhook signature: HMAC-SHA256 over "<timestamp>.<body>", keyed with the webhook's secret.

Sent as `Spotter-Signature: t=<unix seconds>,v1=<hex digest>` (after a secret is rotated, a second
`v1=` signed with the old secret follows for a while, so a receiver may switch over at leisure). The
timestamp is signed with the body, so a receiver that refuses old timestamps (`tolerance_s`) also
refuses a captured request played again later. Each try is signed afresh; the body stays the same.
The README shows the same check in a few lines of plain Python.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Sequence

HEADER = "Spotter-Signature"
TOLERANCE_S = 300  # what a receiver should accept between our clock and theirs


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The hex HMAC-SHA256 of `timestamp.body` under `secret` (its UTF-8 bytes, `whsec_` included)."""
    return hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()


def signature_header(secrets: Sequence[str], timestamp: int, body: bytes) -> str:
    """`t=<timestamp>,v1=<signature>` with one `v1` per secret (the current one first)."""
    return ",".join([f"t={timestamp}", *(f"v1={sign(secret, timestamp, body)}" for secret in secrets)])


def parse(header: str) -> tuple[int | None, list[str]]:
    """The timestamp (None if missing or not a number) and every `v1` signature of a header."""
    timestamp: int | None = None
    signatures: list[str] = []
    for part in header.split(","):
        key, _, value = part.strip().partition("=")
        if key == "t" and value.isdigit():
            timestamp = int(value)
        elif key == "v1" and value:
            signatures.append(value)
    return timestamp, signatures


def verify(
    secret: str, header: str, body: bytes, *, tolerance_s: float = TOLERANCE_S, now: float | None = None
) -> bool:
    """Whether `header` signs `body` with `secret` at a time within `tolerance_s` of `now`."""
    timestamp, signatures = parse(header)
    if timestamp is None or not signatures:
        return False
    if abs((time.time() if now is None else now) - timestamp) > tolerance_s:
        return False
    expected = sign(secret, timestamp, body)
    return any(hmac.compare_digest(expected, given) for given in signatures)


__all__ = ["HEADER", "TOLERANCE_S", "parse", "sign", "signature_header", "verify"]
