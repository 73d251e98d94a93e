"""Short-lived signed links to media files: `?expires=<unix time>&signature=<HMAC>`.

The signature is an HMAC-SHA256 (first 128 bits, base64url) over the file's id and the expiry, under
a key derived from JWT_SECRET for this use only. Whoever holds the link may fetch the file until it
expires (MEDIA_URL_TTL_S, 5 minutes by default), with no other sign-in: an `<img src>` or a video
player can use it. Changing the id, the expiry or the signature breaks it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
import uuid
from typing import Literal

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

SIGNATURE_BYTES = 16
Verdict = Literal["ok", "expired", "forged"]


class Signer:
    def __init__(self, secret: str, ttl_s: int) -> None:
        hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"spotter/media-url")
        self._key, self.ttl_s = hkdf.derive(secret.encode()), ttl_s

    def sign(self, media_id: uuid.UUID, expires: int) -> str:
        mac = hmac.new(self._key, f"{media_id}.{expires}".encode(), hashlib.sha256).digest()[:SIGNATURE_BYTES]
        return base64.urlsafe_b64encode(mac).decode().rstrip("=")

    def link(self, media_id: uuid.UUID, now: float | None = None) -> tuple[int, str]:
        """(expires, signature) for a link made now."""
        expires = int(now if now is not None else time.time()) + self.ttl_s
        return expires, self.sign(media_id, expires)

    def check(self, media_id: uuid.UUID, expires: int, signature: str, now: float | None = None) -> Verdict:
        """Forged (the signature does not match) is told before expired."""
        if not hmac.compare_digest(signature.encode(), self.sign(media_id, expires).encode()):
            return "forged"
        return "expired" if expires < (now if now is not None else time.time()) else "ok"
