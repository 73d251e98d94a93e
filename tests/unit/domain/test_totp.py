"""TOTP codes: taken within one step of drift, never for a step already used; recovery codes."""

from __future__ import annotations

import uuid

import pyotp
import pytest

from domain import totp

NOW = 1_800_000_000.0  # a fixed moment: step 60,000,000


@pytest.fixture
def secret() -> str:
    return totp.new_secret()


def test_a_code_is_taken_for_its_step_and_one_either_side(secret: str) -> None:
    step = pyotp.TOTP(secret).timecode(NOW)
    for offset in (-1, 0, 1):
        code = totp.code_at(secret, NOW + 30 * offset)
        assert totp.matching_step(secret, code, None, now=NOW) == step + offset
    assert totp.matching_step(secret, totp.code_at(secret, NOW + 90), None, now=NOW) is None
    assert totp.matching_step(secret, totp.code_at(secret, NOW - 90), None, now=NOW) is None


def test_a_code_is_never_taken_twice_nor_an_older_one(secret: str) -> None:
    code = totp.code_at(secret, NOW)
    step = totp.matching_step(secret, code, None, now=NOW)
    assert step is not None
    assert totp.matching_step(secret, code, step, now=NOW) is None  # the same code again
    assert totp.matching_step(secret, totp.code_at(secret, NOW - 30), step, now=NOW) is None  # an older one
    assert totp.matching_step(secret, totp.code_at(secret, NOW + 30), step, now=NOW) == step + 1


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", "12 34 5x"])
def test_what_is_not_six_digits_is_no_code(secret: str, code: str) -> None:
    assert totp.matching_step(secret, code, None, now=NOW) is None


def test_the_uri_names_the_issuer_and_the_account(secret: str) -> None:
    uri = totp.uri(secret, "sam@example.com")
    assert uri.startswith("otpauth://totp/Spotter:sam%40example.com?") and f"secret={secret}" in uri
    assert "issuer=Spotter" in uri


def test_recovery_codes_are_distinct_and_read_alike_however_typed() -> None:
    codes = totp.new_recovery_codes()
    assert len(codes) == 10 == len(set(codes))
    assert all(len(c) == 11 and c[5] == "-" for c in codes)
    user = uuid.uuid4()
    code = codes[0]
    assert totp.recovery_digest(user, code) == totp.recovery_digest(user, code.upper().replace("-", " "))
    assert totp.recovery_digest(user, code) != totp.recovery_digest(uuid.uuid4(), code)  # per account
