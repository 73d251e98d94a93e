"""The server started without JWT_SECRET signs with a secret of its own, never one published in the code."""

from __future__ import annotations

import uuid
from pathlib import Path

import jwt

from assistant.settings import Settings
from tests.conftest import app_client, make_settings

OLD_PLACEHOLDER = "dev-only-insecure-secret-change-me"  # what a local install signed with before (issue 18, 5)


def forged(secret: str) -> dict[str, str]:
    claims = {"sub": str(uuid.uuid4()), "type": "access", "exp": 4_102_444_800}
    return {"Authorization": "Bearer " + jwt.encode(claims, secret, algorithm="HS256")}


async def test_a_token_signed_with_the_old_placeholder_is_refused(tmp_path: Path) -> None:
    settings = make_settings(
        f"sqlite+aiosqlite:///{tmp_path}/s.db", env="development", jwt_secret="", jwt_secret_file=str(tmp_path / "s")
    )
    assert settings.jwt_secret not in ("", OLD_PLACEHOLDER)
    async with app_client(settings) as client:
        r = await client.get("/me", headers=forged(OLD_PLACEHOLDER))
        assert r.status_code == 401
        assert (await client.post("/workouts", json={"name": "x"}, headers=forged(OLD_PLACEHOLDER))).status_code == 401


def test_no_placeholder_secret_is_left_in_the_code() -> None:
    root = Path(__file__).resolve().parents[3]
    packages = ("assistant", "channels", "domain", "intents", "speech", "prompts")
    sources = [p for package in packages for p in (root / package).rglob("*") if p.is_file() and p.suffix != ".pyc"]
    sources += [root / name for name in ("README.md", "Makefile", "docker-compose.yml", "Dockerfile")]
    assert not [str(p) for p in sources if OLD_PLACEHOLDER in p.read_text(errors="replace")]
    assert Settings.model_fields["jwt_secret"].default == ""
