"""Food search speed over the shipped table (8,789 USDA SR28 foods and their common names).

    .venv/bin/python benchmarks/foods.py [--queries 2000] [--http 300]

Queries are made from the table's own names (1-3 words of a random food, half of them with one
typo: a letter dropped, doubled or two swapped) and the common names, each different, so the
search's cache never answers. Reports the index build, then p50 / p95 / p99 / max per query of
the search itself (wall time, and CPU time, which load from other processes does not inflate),
and of GET /api/v1/foods?q= in process (the app on SQLite, one lifter with 20 foods of their own,
through httpx's ASGI transport: routing, auth, the own-foods read, JSON). Target: p95 <= 20 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("drop", "double", "swap"))
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]


def queries(n: int, seed: int = 7) -> list[str]:
    from domain.catalog.normalize import words
    from domain.nutrition.common import COMMON_NAMES
    from domain.nutrition.table import default_table

    rng = random.Random(seed)
    names = [f.name for f in default_table().foods.values()]
    common = [c for names_ in COMMON_NAMES.values() for c in names_]
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < n:
        if rng.random() < 0.3:
            ws = rng.choice(common).split()
        else:
            ws = [w for w in words(rng.choice(names)) if len(w) > 2][: rng.randint(1, 3)]
        if rng.random() < 0.5 and ws:
            k = rng.randrange(len(ws))
            ws[k] = typo(ws[k], rng)
        q = " ".join(ws)
        if q and q not in seen:
            seen.add(q)
            out.append(q)
    return out


def summary(ms: list[float]) -> str:
    ms = sorted(ms)
    pick = lambda p: ms[min(len(ms) - 1, int(p * len(ms)))]  # noqa: E731
    return f"p50 {statistics.median(ms):.2f} ms, p95 {pick(0.95):.2f} ms, p99 {pick(0.99):.2f} ms, max {ms[-1]:.2f} ms"


async def over_http(qs: list[str]) -> list[float]:
    import httpx

    from channels.http.app import create_app
    from tests.conftest import make_settings

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(make_settings(f"sqlite+aiosqlite:///{tmp}/bench.db"))
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=transport, base_url="http://b/api/v1") as c,
        ):
            r = await c.post("/auth/register", json={"email": "bench@example.com", "password": "correct horse battery"})
            headers = {"Authorization": f"Bearer {r.json()['access_token']}"}
            for k in range(20):
                await c.post("/foods", json={"name": f"My recipe {k}", "energy_kcal": 120 + k}, headers=headers)
            for q in qs[:20]:  # warm up
                await c.get("/foods", params={"q": q + " warm"}, headers=headers)
            out = []
            for q in qs:
                t0 = time.perf_counter()
                r = await c.get("/foods", params={"q": q}, headers=headers)
                out.append((time.perf_counter() - t0) * 1000)
                assert r.status_code == 200, r.text
            return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--queries", type=int, default=2000)
    ap.add_argument("--http", type=int, default=300, help="queries sent over the in-process HTTP app (0: none)")
    a = ap.parse_args()
    from domain.nutrition.search import FoodIndex
    from domain.nutrition.table import load_table

    t0 = time.perf_counter()
    table = load_table()
    loaded = time.perf_counter() - t0
    index = FoodIndex.build(table.foods.values())
    built = time.perf_counter() - t0 - loaded
    qs = queries(a.queries + a.http)
    timings, cpu = [], []
    for q in qs[: a.queries]:
        t, c = time.perf_counter(), time.process_time()
        index.search(q, 20)
        timings.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    size = f"{len(table.foods)} foods, {len(index.entries)} names"
    print(f"table: {size}; loaded in {loaded * 1000:.0f} ms, indexed in {built * 1000:.0f} ms")
    print(f"search, {a.queries} different queries: {summary(timings)}")
    print(f"  its CPU time (what other load on the machine does not add): {summary(cpu)}")
    print(f"  load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if a.http:
        print(f"GET /foods?q=, {a.http} different queries: {summary(asyncio.run(over_http(qs[a.queries :])))}")


if __name__ == "__main__":
    main()
