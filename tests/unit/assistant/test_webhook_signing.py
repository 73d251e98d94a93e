"""Webhook signatures: HMAC-SHA256 over "timestamp.body"; the header's format; verification refusing
a changed body, another secret, an old or missing timestamp; and the README's own recipe agreeing."""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from pathlib import Path
from typing import Any

import pytest

from assistant.webhooks.signing import parse, sign, signature_header, verify

SECRET = "whsec_test-secret"
BODY = b'{"id":"5b0f3c8e","type":"set.logged","data":{"reps":8}}'
NOW = 1_741_000_000
README = Path(__file__).resolve().parents[3] / "README.md"


def test_the_signature_is_hmac_sha256_of_timestamp_dot_body() -> None:
    expected = hmac.new(SECRET.encode(), b"1741000000." + BODY, hashlib.sha256).hexdigest()
    assert sign(SECRET, NOW, BODY) == expected
    assert signature_header([SECRET], NOW, BODY) == f"t={NOW},v1={expected}"


def test_a_header_names_one_signature_per_secret() -> None:
    header = signature_header([SECRET, "whsec_old"], NOW, BODY)
    assert parse(header) == (NOW, [sign(SECRET, NOW, BODY), sign("whsec_old", NOW, BODY)])
    assert verify(SECRET, header, BODY, now=NOW) and verify("whsec_old", header, BODY, now=NOW)


def test_verification_accepts_the_signed_and_refuses_the_rest() -> None:
    header = signature_header([SECRET], NOW, BODY)
    assert verify(SECRET, header, BODY, now=NOW + 299)
    assert not verify(SECRET, header, BODY + b" ", now=NOW)  # the body changed
    assert not verify("whsec_other", header, BODY, now=NOW)  # another secret
    assert not verify(SECRET, header, BODY, now=NOW + 301)  # too old: a replay
    assert not verify(SECRET, header, BODY, now=NOW - 301)  # from the future
    later = signature_header([SECRET], NOW + 1000, BODY)
    assert not verify(SECRET, f"t={NOW},{later.split(',')[1]}", BODY, now=NOW)  # a signature of another time
    for bad in ("", "v1=" + sign(SECRET, NOW, BODY), f"t={NOW}", f"t=abc,v1={sign(SECRET, NOW, BODY)}", "garbage"):
        assert not verify(SECRET, bad, BODY, now=NOW), bad


def readme_verify() -> Any:
    """The `verify` of the README's recipe, run as written."""
    text = README.read_text()
    section = text[text.index("### Outgoing webhooks") :]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None
    scope: dict[str, Any] = {}
    exec(compile(code.group(1), "README.md", "exec"), scope)  # the documented snippet itself
    return scope["verify"]


@pytest.mark.parametrize("secrets", [[SECRET], ["whsec_new", SECRET]])
def test_the_readmes_recipe_verifies_what_the_server_signs(secrets: list[str]) -> None:
    check = readme_verify()
    now = int(time.time())
    header = signature_header(secrets, now, BODY)
    assert check(SECRET, header, BODY)
    assert not check(SECRET, header, BODY[:-1])
    assert not check("whsec_other", header, BODY)
    assert not check(SECRET, signature_header(secrets, now - 600, BODY), BODY)
