"""REST throughput and latency against a running server on loopback.

    .venv/bin/python benchmarks/rest.py                      # SQLite under a temp dir
    .venv/bin/python benchmarks/rest.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

For each scenario (list 20 sets, log one set, search exercises) and each concurrency (1, 8, 32),
keeps that many requests in flight for --seconds and reports requests/s, p50 and p95 latency.
The client runs in this process; the server in its own (uvicorn, one worker unless --workers).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _server import running_server

Call = Callable[[httpx.AsyncClient], Awaitable[httpx.Response]]


async def setup(base: str) -> tuple[dict[str, str], str]:
    async with httpx.AsyncClient(base_url=base + "/api/v1") as c:
        r = await c.post(
            "/auth/register",
            json={"email": f"bench-{uuid.uuid4().hex[:8]}@example.com", "password": "benchmark-password"},
        )
        h = {"Authorization": f"Bearer {r.json()['access_token']}"}
        w = (await c.post("/workouts/start", headers=h)).json()
        await c.post(
            f"/workouts/{w['id']}/sets",
            json={"exercise": "barbell-bench-press", "sets": 20, "reps": 8, "weight": 135},
            headers=h,
        )
        return h, w["id"]


async def measure(base: str, call: Call, concurrency: int, seconds: float) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base + "/api/v1", limits=limits, timeout=30) as client:
        for _ in range(concurrency):  # warm the connections
            await call(client)
        deadline = time.perf_counter() + seconds

        async def worker() -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                t0 = time.perf_counter()
                r = await call(client)
                latencies.append(time.perf_counter() - t0)
                if r.status_code >= 400:
                    errors += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(0.95 * (len(latencies) - 1))] * 1000,
        "n": len(latencies),
        "errors": errors,
    }


async def run(base: str, seconds: float, label: str) -> list[str]:
    headers, workout_id = await setup(base)
    scenarios: dict[str, Call] = {
        "list 20 sets": lambda c: c.get(f"/workouts/{workout_id}/sets", params={"limit": 20}, headers=headers),
        "log one set": lambda c: c.post(
            f"/workouts/{workout_id}/sets",
            headers=headers,
            json={"exercise": "barbell-back-squat", "reps": 5, "weight": 225},
        ),
        "search exercises": lambda c: c.get("/exercises", params={"search": "bech pres", "limit": 10}, headers=headers),
    }
    rows = []
    for name, call in scenarios.items():
        for concurrency in (1, 8, 32):
            m = await measure(base, call, concurrency, seconds)
            row = (
                f"| {label} | {name} | {concurrency} | {m['rps']:.0f} | {m['p50_ms']:.1f} | {m['p95_ms']:.1f} "
                f"| {m['errors']} |"
            )
            print(row, flush=True)
            rows.append(row)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--database-url", default=None)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--workers", type=int, default=1)
    a = ap.parse_args()
    label = ("PostgreSQL" if a.database_url and "postgres" in a.database_url else "SQLite") + f", {a.workers}w"
    print("| store | scenario | concurrency | req/s | p50 ms | p95 ms | errors |")
    print("|---|---|---|---|---|---|---|")
    with running_server(a.database_url, a.workers) as base:
        asyncio.run(run(base, a.seconds, label))


if __name__ == "__main__":
    main()
