"""Analytics on a long history: one lifter with 50,000 sets, p50/p95 of each /analytics read, and what
logging a set costs on that lifter, this build against another (A/B, alternating).

    .venv/bin/python benchmarks/analytics.py                                   # SQLite under a temp dir
    .venv/bin/python benchmarks/analytics.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench
    .venv/bin/python benchmarks/analytics.py --ab-root /tmp/before --ab-rounds 3   # logging, A/B

The history is bulk inserted (1,250 finished workouts of 40 sets over ~5 years, 20 lifts, a tenth of
the sets warm-ups, loads rising with noise), then the records are computed by the domain's own
recomputation (domain/handlers/records.py: refresh). Reads are sent one at a time over one
keep-alive connection (`--requests` each, after 10 unmeasured). With `--ab-root DIR` (a checkout of
another commit, e.g. `git worktree add /tmp/before <commit>`), each round starts a fresh store and
server from DIR, then from this tree, seeds the same history and logs `--logs` sets one at a time
into a workout in progress; every round's p50/p95 is printed, so the spread shows the machine's noise.
A PostgreSQL database given is emptied (its public schema dropped) before each store.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import inspect, select
from sqlalchemy.ext.asyncio import create_async_engine

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))
from _server import ROOT, running_server

from domain import migrate
from domain.db import is_sqlite, session_factory
from domain.models import Exercise, Workout, WorkoutSet
from domain.uow import UnitOfWork

LIFTS = (
    "barbell-back-squat",
    "barbell-bench-press",
    "deadlift",
    "overhead-press",
    "barbell-row",
    "pull-up",
    "dip",
    "romanian-deadlift",
    "front-squat",
    "incline-barbell-bench-press",
    "lat-pulldown",
    "leg-press",
    "hip-thrust",
    "dumbbell-curl",
    "tricep-pushdown",
    "lateral-raise",
    "leg-curl",
    "leg-extension",
    "calf-raise",
    "face-pull",
)
WORKOUTS, SETS_PER_WORKOUT = 1250, 40


async def seed(url: str, user_id: str, *, records: bool) -> int:
    """Bulk insert the history; then, when the store keeps records, compute them as the domain does."""
    engine = create_async_engine(url)
    rng, now, user = random.Random(7), datetime.now(UTC), uuid.UUID(user_id)
    try:
        async with engine.begin() as conn:
            rows = (await conn.execute(select(Exercise.slug, Exercise.id).where(Exercise.slug.in_(LIFTS)))).all()
        lifts = [r.id for r in rows]
        workouts, sets = [], []
        for w in range(WORKOUTS):
            start = now - timedelta(days=1) - timedelta(hours=34 * (WORKOUTS - w))
            wid = uuid.uuid4()
            workouts.append(_workout(wid, user, start))
            chosen = rng.sample(lifts, 5)
            for i in range(SETS_PER_WORKOUT):
                weight = round((40 + 60 * w / WORKOUTS) * rng.uniform(0.8, 1.2) / 2.5) * 2.5
                done = start + timedelta(minutes=2 * i)
                kind = "warmup" if i % 10 == 0 else "normal"
                sets.append(_set(wid, user, chosen[i // 8], i + 1, weight, rng.randint(3, 12), kind, done))
        async with engine.begin() as conn:
            await conn.execute(Workout.__table__.insert(), workouts)
            for i in range(0, len(sets), 5000):
                await conn.execute(WorkoutSet.__table__.insert(), sets[i : i + 5000])
        if records:
            from domain.handlers import records as upkeep

            async with UnitOfWork(session_factory(engine)) as uow:
                await upkeep.refresh(uow, user, lifts)
                await uow.commit()
        return len(sets)
    finally:
        await engine.dispose()


def _workout(wid: uuid.UUID, user: uuid.UUID, start: datetime) -> dict[str, Any]:
    end = start + timedelta(minutes=90)
    return {
        "id": wid, "user_id": user, "name": "Training", "status": "completed", "started_at": start,
        "completed_at": end, "source": "bench", "version": 1, "created_at": end, "updated_at": end,
    }  # fmt: skip


def _set(
    wid: uuid.UUID, user: uuid.UUID, lift: uuid.UUID, pos: int, weight: float, reps: int, kind: str, done: datetime
) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(), "workout_id": wid, "user_id": user, "exercise_id": lift, "position": pos,
        "reps": reps, "weight": weight, "unit": "kg", "weight_kg": weight, "set_type": kind, "bodyweight": False,
        "added_weight": False, "completed_at": done, "created_at": done, "updated_at": done,
    }  # fmt: skip


def timings(client: httpx.Client, method: str, path: str, n: int, body: Any = None) -> dict[str, float]:
    for _ in range(10):
        client.request(method, path, json=body).raise_for_status()
    took = []
    for _ in range(n):
        t0 = time.perf_counter()
        client.request(method, path, json=body).raise_for_status()
        took.append((time.perf_counter() - t0) * 1000)
    took.sort()
    return {"p50": statistics.median(took), "p95": took[int(0.95 * (n - 1))], "max": took[-1]}


def lifter(base: str) -> tuple[str, dict[str, str]]:
    email = f"bench-{uuid.uuid4().hex[:8]}@example.com"
    made = httpx.post(base + "/api/v1/auth/register", json={"email": email, "password": "benchmark-password"})
    made.raise_for_status()
    headers = {"Authorization": f"Bearer {made.json()['access_token']}"}
    prefs = {"unit_pref": "kg", "timezone": "Europe/Berlin"}
    httpx.patch(base + "/api/v1/me", json=prefs, headers=headers).raise_for_status()
    return made.json()["user"]["id"], headers


def fresh_store(url: str | None, tmp: str, name: str) -> str:
    if url is None:
        return f"sqlite+aiosqlite:///{tmp}/{name}.db"
    migrate.drop_everything(url)
    return url


async def has_records(url: str) -> bool:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(lambda sync: inspect(sync).has_table("personal_records"))
    finally:
        await engine.dispose()


def reads(url: str | None, requests: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        store = fresh_store(url, tmp, "reads")
        with running_server(store) as base:
            user_id, headers = lifter(base)
            t0 = time.perf_counter()
            count = asyncio.run(seed(store, user_id, records=True))
            store_name = "SQLite" if is_sqlite(store) else "PostgreSQL"
            print(f"seeded {count} sets in {time.perf_counter() - t0:.1f} s ({store_name})")
            paths = [
                "/analytics/summary?period=week",
                "/analytics/summary?period=month",
                "/analytics/prs",
                "/analytics/prs/barbell-back-squat",
                "/analytics/progress?exercise=barbell-back-squat",
                "/analytics/progress?exercise=barbell-back-squat&period=week&from=2021-01-01",
                "/analytics/load?weeks=12",
                "/analytics/calendar",
            ]
            print("| endpoint | p50 ms | p95 ms | max ms |\n|---|---|---|---|")
            with httpx.Client(base_url=base + "/api/v1", headers=headers, timeout=30) as client:
                for path in paths:
                    t = timings(client, "GET", path, requests)
                    print(f"| `{path}` | {t['p50']:.1f} | {t['p95']:.1f} | {t['max']:.1f} |")


def logging(url: str | None, other: Path, rounds: int, logs: int) -> None:
    """Log `logs` sets one at a time on the 50,000-set lifter: the build in `other` (A), then this one (B)."""
    print("| round | build | p50 ms | p95 ms |\n|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(rounds):
            for label, root in (("A", other), ("B", ROOT)):
                store = fresh_store(url, tmp, f"{label}{n}")
                with running_server(store, root=root) as base:
                    user_id, headers = lifter(base)
                    asyncio.run(seed(store, user_id, records=asyncio.run(has_records(store))))
                    with httpx.Client(base_url=base + "/api/v1", headers=headers, timeout=30) as client:
                        workout = client.post("/workouts/start").json()["id"]
                        body = {"exercise": "barbell-back-squat", "weight": 100, "reps": 5}
                        t = timings(client, "POST", f"/workouts/{workout}/sets", logs, body)
                print(f"| {n + 1} | {label} | {t['p50']:.2f} | {t['p95']:.2f} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", help="PostgreSQL to use (emptied first); SQLite under a temp dir if left out")
    parser.add_argument("--requests", type=int, default=100, help="timed requests per read")
    parser.add_argument("--ab-root", type=Path, help="a checkout of the build to compare logging with")
    parser.add_argument("--ab-rounds", type=int, default=3)
    parser.add_argument("--logs", type=int, default=200, help="sets logged per build and round")
    args = parser.parse_args()
    if args.ab_root:
        logging(args.database_url, args.ab_root.resolve(), args.ab_rounds, args.logs)
    else:
        reads(args.database_url, args.requests)


if __name__ == "__main__":
    main()
