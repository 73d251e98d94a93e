"""Set → socket latency: sets said to POST /assistant/messages, timed until each reaches an open
`/workouts/{id}/live` and `/events` socket (p50/p95/max over N sets, one at a time).

    .venv/bin/python benchmarks/events.py                      # one server process, SQLite, in-process bus
    .venv/bin/python benchmarks/events.py --redis redis://127.0.0.1:6379/0 [--database-url URL]
        # two server processes (two API workers) on one store and Redis: the sockets on one, the
        # messages to the other, so every event crosses Redis

Latency is from the moment the message is sent to the moment the socket's client has the event
(the HTTP answer may come before or after). Run from the project root.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path

import httpx
from websockets.asyncio.client import ClientConnection, connect

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _server import running_server


async def reader(ws: ClientConnection, out: asyncio.Queue[tuple[float, float]]) -> None:
    """Each set.logged: when it came, and how long after the server made the event (its `at`, the
    same machine's clock): the bus and the socket alone, without the request's work before it."""
    async for raw in ws:
        message = json.loads(raw)
        if message["type"] == "set.logged":
            made = datetime.fromisoformat(message["at"]).timestamp()
            out.put_nowait((time.perf_counter(), (time.time() - made) * 1000))


def ws_url(base: str, path: str) -> str:
    return base.replace("http://", "ws://") + "/api/v1" + path


async def measure(writes: str, sockets: str, sets: int) -> dict[str, list[float]]:
    async with httpx.AsyncClient(base_url=writes + "/api/v1", timeout=30) as client:
        email = f"bench-{time.time_ns()}@example.com"
        r = await client.post("/auth/register", json={"email": email, "password": "correct horse battery"})
        token = r.json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        workout = (await client.post("/workouts/start", headers=headers, json={})).json()["id"]
        first = json.dumps({"type": "auth", "token": token})
        async with (
            connect(ws_url(sockets, f"/workouts/{workout}/live")) as live,
            connect(ws_url(sockets, "/events")) as events,
        ):
            queues: dict[str, asyncio.Queue[tuple[float, float]]] = {"live": asyncio.Queue(), "events": asyncio.Queue()}
            for ws in (live, events):
                await ws.send(first)
                assert json.loads(await ws.recv())["type"] == "ready"
            tasks = [asyncio.create_task(reader(ws, queues[n])) for n, ws in (("live", live), ("events", events))]
            found: dict[str, list[float]] = {"live": [], "events": [], "http": [], "bus": []}
            for i in range(sets + 10):
                sent = time.perf_counter()
                r = await client.post("/assistant/messages", headers=headers, json={"text": "bench 135 for 8"})
                answered = time.perf_counter()
                assert r.status_code == 200, r.text
                arrived = {n: await asyncio.wait_for(q.get(), 10) for n, q in queues.items()}
                if i >= 10:  # the first ten warm up
                    found["http"].append((answered - sent) * 1000)
                    for n, (at, after_made) in arrived.items():
                        found[n].append((at - sent) * 1000)
                        found["bus"].append(after_made)
            for task in tasks:
                task.cancel()
    return found


def summary(ms: list[float]) -> str:
    p95 = statistics.quantiles(ms, n=20)[18]
    return f"p50 {statistics.median(ms):6.1f}  p95 {p95:6.1f}  max {max(ms):6.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", type=int, default=200)
    parser.add_argument("--redis", help="REDIS_URL: two server processes on Redis")
    parser.add_argument("--database-url", help="the store (default: a fresh SQLite file)")
    args = parser.parse_args()
    with ExitStack() as stack:
        if args.redis:
            tmp = stack.enter_context(tempfile.TemporaryDirectory())
            url = args.database_url or f"sqlite+aiosqlite:///{tmp}/shared.db"
            env = {"REDIS_URL": args.redis}
            writes = stack.enter_context(running_server(url, extra_env=env))
            sockets = stack.enter_context(running_server(url, extra_env=env))
            setup = f"two server processes, Redis, {url.split(':')[0]}"
        else:
            writes = sockets = stack.enter_context(running_server(args.database_url))
            setup = f"one server process, in-process bus, {(args.database_url or 'sqlite').split(':')[0]}"
        found = asyncio.run(measure(writes, sockets, args.sets))
    print(f"{setup}; {args.sets} sets, one at a time")
    rows = (
        ("http", "HTTP answer"),
        ("live", "/live socket"),
        ("events", "/events socket"),
        ("bus", "event made → socket"),
    )
    for name, label in rows:
        print(f"  {label:20} {summary(found[name])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
