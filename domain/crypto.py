"""Keys derived from one server secret: encryption of secrets kept at rest, and signed link tokens.

Each use has a key of its own, derived with HKDF-SHA256 under its own label from ENCRYPTION_KEY, or
from JWT_SECRET when that is unset (assistant/settings.py). So a database dump alone reveals no TOTP
secret (Fernet: AES-128-CBC with an HMAC-SHA256, authenticated) and no token can be made up.
Changing the secret the keys come from makes the stored TOTP secrets unreadable: keep it, or have
users set two-factor sign-in up again.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

TAG_BYTES = 16


class Undecryptable(Exception):
    """A stored secret that the current key cannot open (the key changed since it was written)."""


def _derive(secret: str, label: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=label.encode()).derive(secret.encode())


class Keys:
    def __init__(self, secret: str) -> None:
        self._fernet = Fernet(base64.urlsafe_b64encode(_derive(secret, "spotter/totp-secret")))
        self._signing = _derive(secret, "spotter/account-token")

    def encrypt(self, plain: str) -> str:
        return self._fernet.encrypt(plain.encode()).decode()

    def decrypt(self, sealed: str) -> str:
        try:
            return self._fernet.decrypt(sealed.encode()).decode()
        except InvalidToken as exc:
            raise Undecryptable("a stored secret does not open with the current ENCRYPTION_KEY") from exc

    def _tag(self, purpose: str, body: str) -> str:
        mac = hmac.new(self._signing, f"{purpose}.{body}".encode(), hashlib.sha256).digest()[:TAG_BYTES]
        return base64.urlsafe_b64encode(mac).decode().rstrip("=")

    def new_token(self, purpose: str) -> str:
        """A random token signed for one purpose: `<random>.<tag>` (66 characters, URL-safe)."""
        body = secrets.token_urlsafe(32)
        return f"{body}.{self._tag(purpose, body)}"

    def signed(self, purpose: str, token: str) -> bool:
        """Whether the token was made here for this purpose (checked before any store is asked)."""
        body, _, tag = token.rpartition(".")
        return bool(body) and hmac.compare_digest(tag.encode(), self._tag(purpose, body).encode())
