"""The real server over loopback: `python -m assistant serve` on an empty SQLite store."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    db = tmp_path_factory.mktemp("e2e") / "fresh.db"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite+aiosqlite:///{db}",
        "ARGON2_MEMORY_KIB": "1024",
        "ARGON2_TIME_COST": "1",
        "LOG_LEVEL": "WARNING",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(base + "/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            proc.kill()
            raise RuntimeError(proc.stdout.read().decode() if proc.stdout else "server did not start")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_fresh_store_serves_the_lifter_journey(server: str) -> None:
    with httpx.Client(base_url=server + "/api/v1", timeout=10) as c:
        tokens = c.post("/auth/register", json={"email": "e2e@example.com", "password": "e2e-password"}).json()
        h = {"Authorization": f"Bearer {tokens['access_token']}"}
        parsed = c.post("/assistant/parse", json={"text": "squat two plates for five"}, headers=h).json()
        cmd = parsed["commands"][0]
        assert cmd["exercise"] == "barbell-back-squat" and cmd["weight"] == 225 and cmd["reps"] == 5
        w = c.post("/workouts/start", headers=h).json()
        logged = c.post(
            f"/workouts/{w['id']}/sets",
            json={"exercise": cmd["exercise"], "reps": cmd["reps"], "weight": cmd["weight"], "sets": 3},
            headers=h,
        )
        assert logged.status_code == 201 and len(logged.json()["data"]) == 3
        assert c.post(f"/workouts/{w['id']}/finish", headers=h).json()["status"] == "completed"
        assert c.get("/workouts", headers=h).json()["meta"]["total"] == 1
        assert "x-ratelimit-limit" in c.get("/me", headers=h).headers
