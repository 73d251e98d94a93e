"""Without JWT_SECRET, development makes a random secret once and keeps it; production refuses to start."""

from __future__ import annotations

import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from pydantic import ValidationError

from assistant.secret_file import load_or_create_secret
from assistant.settings import Settings


@pytest.fixture(autouse=True)
def no_secret_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JWT_SECRET", raising=False)
    monkeypatch.delenv("ENV", raising=False)


def test_the_first_start_makes_a_secret_only_its_owner_reads_and_later_starts_reuse_it(tmp_path: Path) -> None:
    where = tmp_path / "var" / "jwt_secret"
    first = Settings(env="development", jwt_secret_file=str(where)).jwt_secret
    assert len(first) >= 32 and where.read_text().strip() == first
    assert stat.S_IMODE(where.stat().st_mode) == 0o600
    assert Settings(env="development", jwt_secret_file=str(where)).jwt_secret == first
    assert Settings(env="development", jwt_secret_file=str(tmp_path / "other")).jwt_secret != first


def test_processes_starting_together_agree_on_one_secret(tmp_path: Path) -> None:
    where = tmp_path / "jwt_secret"
    with ThreadPoolExecutor(8) as pool:
        found = set(pool.map(lambda _: load_or_create_secret(where), range(32)))
    assert len(found) == 1 and [p.name for p in tmp_path.iterdir()] == ["jwt_secret"]


def test_production_refuses_to_start_without_a_secret(tmp_path: Path) -> None:
    where = tmp_path / "jwt_secret"
    with pytest.raises(ValidationError, match="JWT_SECRET"):
        Settings(env="production", jwt_secret_file=str(where))
    with pytest.raises(ValidationError, match="JWT_SECRET"):
        Settings(env="production", jwt_secret="short")
    assert not where.exists()
    assert Settings(env="production", jwt_secret="x" * 40).jwt_secret == "x" * 40
