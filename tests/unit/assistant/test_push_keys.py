"""The VAPID key: the same for every process of an install (derived from the token secret unless
VAPID_PRIVATE_KEY gives it), another for another install, and its public half as browsers take it."""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives import serialization
from py_vapid import Vapid02

from assistant.push.keys import public_key, subject, vapid
from assistant.settings import Settings


def settings(**values: str) -> Settings:
    return Settings(env="test", jwt_secret=values.pop("jwt_secret", "a" * 40), **values)


def test_derived_from_the_token_secret() -> None:
    one, again, other = vapid(settings()), vapid(settings()), vapid(settings(jwt_secret="b" * 40))
    assert public_key(one) == public_key(again) != public_key(other)
    point = base64.urlsafe_b64decode(public_key(one) + "=")
    assert len(point) == 65 and point[0] == 4


def test_given_as_raw_or_pem() -> None:
    made = Vapid02()
    made.generate_keys()
    raw = made.private_key.private_numbers().private_value.to_bytes(32, "big")
    given = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    pem = made.private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    expected = public_key(made)
    assert public_key(vapid(settings(vapid_private_key=given))) == expected
    assert public_key(vapid(settings(vapid_private_key=pem))) == expected


def test_the_subject() -> None:
    assert subject(settings()) == "mailto:spotter@localhost"
    assert subject(settings(vapid_subject="mailto:ops@example.com")) == "mailto:ops@example.com"
    assert subject(settings(public_base_url="https://spotter.example")) == "https://spotter.example"
