"""The VAPID key pair that signs every push (RFC 8292), and the public half browsers subscribe with.

VAPID_PRIVATE_KEY gives it (a PEM, or the raw key base64url as web-push tools print it). Without it
the P-256 key is derived (HMAC-SHA256, its own label) from the token signing secret: JWT_SECRET, or
in development the random one made once under ./var/ (assistant/secret_file.py). Either way every
process of an install (replicas, workers) and every restart signs with the same key, which matters:
a browser's subscription names the public key it was made for, and another key would silently
orphan every subscription. Changing JWT_SECRET changes it too: set VAPID_PRIVATE_KEY to keep them apart.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid02

from assistant.settings import Settings

# The order of the P-256 group: a derived private value must lie in 1..n-1.
LABEL = b"spotter web push VAPID key v1"
P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


def vapid(settings: Settings) -> Vapid02:
    given = settings.vapid_private_key.strip()
    if given:
        if given.startswith("-----BEGIN"):
            return Vapid02.from_pem(given.encode())
        return Vapid02.from_string(given)
    seed = hmac.new(settings.jwt_secret.encode(), LABEL, hashlib.sha256).digest()
    scalar = int.from_bytes(seed, "big") % (P256_ORDER - 1) + 1
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
