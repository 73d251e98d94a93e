"""The VAPID key pair that signs every push (RFC 8292), and the public half browsers subscribe with.

VAPID_PRIVATE_KEY gives it (a PEM, or the raw key base64url as web-push tools print it); without it
a random secret is made once under ./var/ (assistant/secret_file.py: 0600, workers starting together
read the same one) and the P-256 key is derived from it, so every process of an install, and every
restart, signs with the same key: a browser's subscription names the public key it was made for,
and a new key would silently orphan every subscription.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid02

from assistant.secret_file import load_or_create_secret
from assistant.settings import Settings

# The order of the P-256 group: a derived private value must lie in 1..n-1.
P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


def vapid(settings: Settings) -> Vapid02:
    given = settings.vapid_private_key.strip()
    if given:
        if given.startswith("-----BEGIN"):
            return Vapid02.from_pem(given.encode())
        return Vapid02.from_string(given)
    secret = load_or_create_secret(settings.vapid_key_file)
    scalar = int.from_bytes(hashlib.sha256(secret.encode()).digest(), "big") % (P256_ORDER - 1) + 1
    return Vapid02(private_key=ec.derive_private_key(scalar, ec.SECP256R1()))


def public_key(key: Vapid02) -> str:
    """The public key as browsers take it (`applicationServerKey`): the uncompressed point, base64url."""
    point = key.public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return base64.urlsafe_b64encode(point).rstrip(b"=").decode()


def subject(settings: Settings) -> str:
    """Whom push services may contact about our pushes: VAPID_SUBJECT, else MAIL_FROM or PUBLIC_BASE_URL."""
    if settings.vapid_subject:
        return settings.vapid_subject
    if settings.mail_from:
        return f"mailto:{settings.mail_from}"
    if settings.public_base_url and settings.public_base_url.startswith("https://"):
        return settings.public_base_url
    return "mailto:spotter@localhost"
