"""Keys derived from the server secret: secrets at rest open only with the same secret, and link
tokens are signed for one purpose."""

from __future__ import annotations

import pytest

from domain.crypto import Keys, Undecryptable

SECRET = "a-server-secret-of-enough-length-0123456789"


def test_an_encrypted_secret_opens_with_the_same_key_only() -> None:
    keys = Keys(SECRET)
    sealed = keys.encrypt("JBSWY3DPEHPK3PXP")
    assert "JBSWY3DPEHPK3PXP" not in sealed and sealed != keys.encrypt("JBSWY3DPEHPK3PXP")  # random IV
    assert keys.decrypt(sealed) == "JBSWY3DPEHPK3PXP"
    with pytest.raises(Undecryptable):
        Keys(SECRET + "-rotated").decrypt(sealed)
    with pytest.raises(Undecryptable):
        keys.decrypt(sealed[:-4] + "AAAA")


def test_a_token_is_signed_for_its_purpose() -> None:
    keys = Keys(SECRET)
    token = keys.new_token("reset_password")
    assert len(token) == 66 and token.replace(".", "").replace("-", "").replace("_", "").isalnum()
    assert keys.signed("reset_password", token)
    assert not keys.signed("verify_email", token)
    assert not Keys(SECRET + "x").signed("reset_password", token)
    body, tag = token.split(".")
    assert not keys.signed("reset_password", body[:-1] + ("A" if body[-1] != "A" else "B") + "." + tag)
    assert not keys.signed("reset_password", body) and not keys.signed("reset_password", "")
