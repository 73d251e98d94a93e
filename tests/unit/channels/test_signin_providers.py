"""Which OpenID providers settings turn on, and Apple's client secret: a short-lived ES256 JWT."""

from __future__ import annotations

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from channels.signin import providers
from tests.conftest import make_settings

DB = "sqlite+aiosqlite:///unused.db"


def test_a_provider_is_on_only_with_its_client_id_and_secret() -> None:
    assert providers(make_settings(DB)) == {}
    assert providers(make_settings(DB, google_client_id="g")) == {}
    found = providers(make_settings(DB, google_client_id="g", google_client_secret="s", apple_client_id="a"))
    assert list(found) == ["google"] and found["google"].secret() == "s" and not found["google"].form_post


def test_apples_client_secret_is_signed_with_the_developer_key() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    settings = make_settings(
        DB, apple_client_id="com.example.spotter", apple_team_id="TEAM123", apple_key_id="KEY456", apple_private_key=pem
    )
    apple = providers(settings)["apple"]
    assert apple.form_post and "name" in apple.scope.split()
    secret = apple.secret()
    assert jwt.get_unverified_header(secret)["kid"] == "KEY456"
    claims = jwt.decode(secret, key.public_key(), algorithms=["ES256"], audience="https://appleid.apple.com")
    assert (claims["iss"], claims["sub"]) == ("TEAM123", "com.example.spotter")
    assert 0 < claims["exp"] - claims["iat"] <= 15_777_000  # Apple takes at most six months
