"""The reminder scheduler's one look (domain/reminders.py: `due`), made every minute by the worker.

    .venv/bin/python benchmarks/reminders.py [--users 10000] [--per 2] [--database-url URL]

Makes `users` lifters in five time zones with `per` reminders each (random times, every day, made
a day ago so that those in the last hour are due), then times `due` (best and median of 10 looks)
and counts what it found. A fresh SQLite file unless --database-url names an empty database.
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402

from assistant.bootstrap import prepare_store  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from domain import reminders as rules  # noqa: E402
from domain.db import create_engine, session_factory  # noqa: E402
from domain.models import Reminder, User  # noqa: E402
from domain.uow import UnitOfWork  # noqa: E402

ZONES = ("UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Australia/Sydney")


async def main(url: str, users: int, per: int) -> None:
    await prepare_store(Settings(env="test", database_url=url, jwt_secret="b" * 40))
    engine = create_engine(url)
    sessions, rng, made = session_factory(engine), random.Random(20), datetime.now(UTC) - timedelta(days=1)
    people = [
        {"id": uuid.uuid4(), "email": f"r{i}@bench.example", "password_hash": "-", "timezone": rng.choice(ZONES)}
        for i in range(users)
    ]
    rows = [
        {
            "user_id": p["id"],
            "at": f"{rng.randrange(24):02d}:{rng.randrange(60):02d}",
            "days": list(rules.DAYS),
            "channel": "push",
            "enabled": True,
            "created_at": made,
            "updated_at": made,
        }
        for p in people
        for _ in range(per)
    ]
    async with UnitOfWork(sessions) as uow:
        await uow.session.execute(insert(User), [{**p, "unit_pref": "kg", "privacy": "private"} for p in people])
        await uow.session.execute(insert(Reminder), [{"id": uuid.uuid4(), **r} for r in rows])
        await uow.commit()
    took, found = [], 0
    for _ in range(10):
        began = time.perf_counter()
        async with UnitOfWork(sessions) as uow:
            found = len(await rules.due(uow, datetime.now(UTC)))
        took.append((time.perf_counter() - began) * 1000)
    kind = url.split(":", 1)[0]
    best, median = min(took), statistics.median(took)
    print(f"{kind}: {len(rows)} reminders, {found} due: best {best:.0f} ms, median {median:.0f} ms")
    await engine.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--per", type=int, default=2)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite+aiosqlite:///{folder}/reminders.db"
        asyncio.run(main(url, args.users, args.per))
