"""Cost of one request inside the app, without sockets: CPU ms, or instructions under callgrind.

    .venv/bin/python benchmarks/rest_cpu.py [--together K]       # CPU ms (kernel part, page faults) per request
    valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=/tmp/cg.%p \\
        .venv/bin/python benchmarks/rest_cpu.py --callgrind -n 100  # instructions per request

The app is driven through ASGI directly on a fresh SQLite store (or DATABASE_URL), one lifter with
a workout of 20 sets, the same requests as benchmarks/rest.py plus /healthz. On a shared machine
whose CPU speed drifts by ±40% from minute to minute, wall-clock figures cannot tell a 10% change;
instruction counts can: callgrind counts the same total for the same code and data, so a change is
measured by running this before and after it (the counting is switched on only around the requests,
so start-up runs at near full speed: about a minute in all).
"""

from __future__ import annotations

import argparse
import asyncio
import glob
import json
import os
import resource
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ["RATE_LIMIT"] = os.environ["AUTH_RATE_LIMIT"] = "1000000/minute"
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite+aiosqlite:///{tempfile.mkdtemp()}/cpu.db"

from assistant.settings import Settings
from channels.http.app import create_app

Headers = list[tuple[bytes, bytes]]


async def call(
    app: Any, method: str, target: str, body: bytes = b"", headers: Headers | None = None
) -> tuple[int, bytes]:
    path, _, query = target.partition("?")
    hdrs = [(b"host", b"bench"), *(headers or [])]
    if body:
        hdrs += [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "headers": hdrs,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 80),
        "root_path": "",
    }
    sent, status, chunks = False, 0, []

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await asyncio.Event().wait()  # the client never goes away
        return {}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, b"".join(chunks)


async def requests_for(app: Any) -> dict[str, tuple[str, str, bytes, Headers]]:
    creds = json.dumps({"email": f"cpu-{uuid.uuid4().hex[:8]}@example.com", "password": "benchmark-password"})
    _, answer = await call(app, "POST", "/api/v1/auth/register", creds.encode())
    auth = [(b"authorization", f"Bearer {json.loads(answer)['access_token']}".encode())]
    _, answer = await call(app, "POST", "/api/v1/workouts/start", headers=auth)
    workout = json.loads(answer)["id"]
    twenty = json.dumps({"exercise": "barbell-bench-press", "sets": 20, "reps": 8, "weight": 135}).encode()
    await call(app, "POST", f"/api/v1/workouts/{workout}/sets", twenty, auth)
    one = json.dumps({"exercise": "barbell-back-squat", "reps": 5, "weight": 225}).encode()
    _, answer = await call(app, "POST", "/api/v1/me/api-keys", json.dumps({"name": "bench"}).encode(), auth)
    by_key = [(b"x-api-key", json.loads(answer)["key"].encode())]
    return {
        "list": ("GET", f"/api/v1/workouts/{workout}/sets?limit=20", b"", auth),
        "list-by-key": ("GET", f"/api/v1/workouts/{workout}/sets?limit=20", b"", by_key),
        "search": ("GET", "/api/v1/exercises?search=bech%20pres&limit=10", b"", auth),
        "health": ("GET", "/healthz", b"", []),
        "log": ("POST", f"/api/v1/workouts/{workout}/sets", one, auth),  # last: it grows the workout
    }


async def repeat(n: int, together: int, app: Any, method: str, target: str, body: bytes, headers: Headers) -> None:
    """`n` requests, `together` at a time (one at a time without a task each, as before `--together`)."""
    if together == 1:
        for _ in range(n):
            await call(app, method, target, body, headers)
        return
    for _ in range(n // together):
        await asyncio.gather(*(call(app, method, target, body, headers) for _ in range(together)))


def callgrind(*args: str) -> None:
    subprocess.run(["callgrind_control", *args, str(os.getpid())], capture_output=True, check=False)


def counted_instructions(name: str) -> int:
    """Dump callgrind's counters as `name` and read the total back from the dump file."""
    callgrind("-d", name)
    dumps = [f for f in glob.glob(f"/tmp/*{os.getpid()}*") + glob.glob(f"*{os.getpid()}*") if os.path.isfile(f)]
    latest = max(dumps, key=os.path.getmtime)
    for line in Path(latest).read_text(errors="replace").splitlines():
        if line.startswith("totals:"):
            return int(line.split()[1])
    raise RuntimeError(f"no totals in {latest}")


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=2000, help="requests per scenario")
    ap.add_argument("--callgrind", action="store_true", help="count instructions (run under valgrind, see above)")
    ap.add_argument(
        "--together",
        type=int,
        default=1,
        help="requests sent at once (K): PostgreSQL's batches, SQLite's shared transactions",
    )
    ap.add_argument("only", nargs="*", help="scenarios: list list-by-key search health log")
    a = ap.parse_args()
    app = create_app(Settings())
    async with app.router.lifespan_context(app):
        for name, (method, target, body, headers) in (await requests_for(app)).items():
            if a.only and name not in a.only:
                continue
            for _ in range(100):  # warm caches, prepared statements and the catalog index
                status, answer = await call(app, method, target, body, headers)
                assert status < 300, (name, status, answer[:200])

            if a.callgrind:
                callgrind("-z")
                callgrind("-i", "on")
                await repeat(a.n, a.together, app, method, target, body, headers)
                callgrind("-i", "off")
                print(f"{name}: {counted_instructions(name) / a.n / 1e6:.3f} M instructions per request", flush=True)
                continue
            best, faults = float("inf"), 0.0
            for _ in range(3):
                before = resource.getrusage(resource.RUSAGE_SELF)
                await repeat(a.n, a.together, app, method, target, body, headers)
                after = resource.getrusage(resource.RUSAGE_SELF)
                spent = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
                if spent / a.n * 1000 < best:
                    best = spent / a.n * 1000
                    kernel = (after.ru_stime - before.ru_stime) / a.n * 1000
                    faults = (after.ru_minflt - before.ru_minflt) / a.n
            print(
                f"{name}: {best:.3f} ms CPU per request (best of 3; {kernel:.3f} of it in the kernel, "
                f"{faults:.1f} page faults)",
                flush=True,
            )


if __name__ == "__main__":
    asyncio.run(main())
