"""Importing five years of training: POST /import to a finished job, through the app in this process.

Each round registers a new lifter, uploads the file (multipart), polls GET /jobs/{id} until the job
has ended, and uploads it again (the second import finds everything and writes nothing). Files from
tests/fakes/exports.py: a Strong 6 export in kg of five years (about 33,000 rows: 18,800 sets, the
rest rest-timer rows) and a Hevy export of eight years (about 30,000 rows, one per set).

    .venv/bin/python benchmarks/import.py [--database-url URL] [--rounds N] [--only strong hevy]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.settings import Settings  # noqa: E402
from channels.http.app import create_app  # noqa: E402
from tests.fakes.exports import hevy_csv, history, strong_csv  # noqa: E402


def files() -> dict[str, str]:
    return {"strong": strong_csv(history(5)), "hevy": hevy_csv(history(8, seed=3))}


async def one_import(client: httpx.AsyncClient, headers: dict[str, str], text: str) -> tuple[float, dict[str, Any]]:
    started = time.perf_counter()
    r = await client.post("/import", files={"file": ("export.csv", text.encode(), "text/csv")}, headers=headers)
    r.raise_for_status()
    while True:
        job = (await client.get(f"/jobs/{r.json()['id']}", headers=headers)).json()
        if job["status"] in ("succeeded", "failed"):
            break
        await asyncio.sleep(0.1)
    if job["status"] != "succeeded":
        raise SystemExit(f"the import failed: {job['error']}")
    return time.perf_counter() - started, job["result"]


async def main(url: str, rounds: int, only: list[str]) -> None:
    settings = Settings(
        env="test",
        database_url=url,
        jwt_secret="benchmark-secret-" + "x" * 32,
        rate_limit="100000/minute",
        auth_rate_limit="100000/minute",
        log_level="WARNING",
        argon2_time_cost=1,
        argon2_memory_kib=1024,
    )
    app = create_app(settings)
    made = {name: text for name, text in files().items() if name in only}
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench/api/v1", timeout=600) as client:
            for name, text in made.items():
                firsts, seconds = [], []
                for _ in range(rounds):
                    body = {"email": f"bench-{uuid.uuid4().hex[:10]}@example.com", "password": "correct horse battery"}
                    r = await client.post("/auth/register", json={**body, "unit_pref": "kg"})
                    headers = {"Authorization": f"Bearer {r.json()['access_token']}"}
                    took, result = await one_import(client, headers, text)
                    again, repeat = await one_import(client, headers, text)
                    assert repeat["sets_imported"] == 0, repeat
                    firsts.append(took)
                    seconds.append(again)
                rows = result["rows"]
                sets = result["sets_imported"]
                print(
                    f"{name}: {rows} rows, {sets} sets, {result['workouts_imported']} workouts | "
                    f"import {min(firsts):.1f}-{max(firsts):.1f} s | again {min(seconds):.1f}-{max(seconds):.1f} s",
                    flush=True,
                )


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--database-url", help="default: a new SQLite file in a temporary folder")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--only", nargs="+", default=["strong", "hevy"], choices=["strong", "hevy"])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite+aiosqlite:///{os.path.join(folder, 'bench.db')}"
        asyncio.run(main(url, args.rounds, args.only))
