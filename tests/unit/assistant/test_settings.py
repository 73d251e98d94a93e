from __future__ import annotations

import pytest
from pydantic import ValidationError

from assistant.settings import Settings


@pytest.mark.parametrize("env", ["production", "test"])
def test_missing_or_short_secrets_are_refused_outside_development(env: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JWT_SECRET", raising=False)
    with pytest.raises(ValidationError):
        Settings(env=env)
    with pytest.raises(ValidationError):
        Settings(env=env, jwt_secret="short")
    assert Settings(env=env, jwt_secret="x" * 40).env == env
