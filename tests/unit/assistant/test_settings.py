from __future__ import annotations

import pytest
from pydantic import ValidationError

from assistant.settings import PLACEHOLDER_SECRET, Settings


def test_development_runs_with_no_configuration() -> None:
    assert Settings(env="development").jwt_secret == PLACEHOLDER_SECRET


@pytest.mark.parametrize("env", ["production", "test"])
def test_placeholder_or_short_secrets_are_refused_outside_development(env: str) -> None:
    with pytest.raises(ValidationError):
        Settings(env=env)
    with pytest.raises(ValidationError):
        Settings(env=env, jwt_secret="short")
    assert Settings(env=env, jwt_secret="x" * 40).env == env
