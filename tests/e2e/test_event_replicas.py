"""Two API replicas (two server processes, one store) on Redis: a set logged through one reaches the
sockets open on the other, a client resumes on either, and a socket that reads nothing does not
grow the server's memory (needs TEST_REDIS_URL)."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import REDIS_URL
from tests.e2e.conftest import ROOT
from tests.sockets import RawSocket, event_socket, next_of, ready

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(not REDIS_URL, reason="TEST_REDIS_URL not set"),
    pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the server's memory from /proc"),
]
ENV = {
    "ARGON2_MEMORY_KIB": "1024",
    "ARGON2_TIME_COST": "1",
    "LOG_LEVEL": "WARNING",
    "RATE_LIMIT": "100000/minute",
    "AUTH_RATE_LIMIT": "100000/minute",
    "JWT_SECRET": "replicas-secret-" + "z" * 32,
    # A client that reads nothing gets its close frame once it reads again, if within this: the test's
    # client reads only after its flood, which takes a while on a busy machine.
    "EVENTS_SEND_TIMEOUT_S": "120",
}


def start(tmp: Path, name: str) -> tuple[subprocess.Popen[bytes], str]:
    env = {**os.environ, **ENV, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp / 'shared.db'}", "REDIS_URL": REDIS_URL}
    log = (tmp / f"{name}.log").open("wb")
    cmd = [sys.executable, "-m", "assistant", "serve", "--port", "0"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=log)
    assert proc.stdout is not None
    found = re.search(r"http://\S+", proc.stdout.readline().decode())
    assert found, (tmp / f"{name}.log").read_text()[-3000:]
    base = found.group(0)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/readyz", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise AssertionError((tmp / f"{name}.log").read_text()[-3000:])


@pytest.fixture(scope="module")
def replicas(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, int]]:
    tmp = tmp_path_factory.mktemp("replicas")
    one, base_one = start(tmp, "one")  # migrates the store first
    two, base_two = start(tmp, "two")
    try:
        yield base_one, base_two, one.pid
    finally:
        for proc in (one, two):
            proc.send_signal(signal.SIGTERM)
        for proc in (one, two):
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


async def account(client: httpx.AsyncClient) -> dict[str, str]:
    email = f"replica-{time.monotonic_ns()}@example.com"
    r = await client.post("/auth/register", json={"email": email, "password": "correct horse battery"})
    assert r.status_code == 201, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def token(headers: dict[str, str]) -> str:
    return headers["Authorization"].removeprefix("Bearer ")


async def test_a_set_logged_on_one_replica_reaches_sockets_on_the_other(replicas: tuple[str, str, int]) -> None:
    one, two, _ = replicas
    async with httpx.AsyncClient(base_url=one + "/api/v1") as a, httpx.AsyncClient(base_url=two + "/api/v1") as b:
        headers = await account(a)
        wid = (await a.post("/workouts/start", headers=headers, json={})).json()["id"]
        first = {"type": "auth", "token": token(headers)}
        async with (
            event_socket(two, f"/workouts/{wid}/live", first) as live,
            event_socket(two, "/events", first) as events,
        ):
            await ready(live)
            await ready(events)
            r = await a.post("/assistant/messages", headers=headers, json={"text": "squat 225 for 5"})
            assert r.status_code == 200, r.text
            on_live = await next_of(live, "set.logged")
            on_events = await next_of(events, "set.logged")
            assert on_live["id"] == on_events["id"] and on_live["data"]["reps"] == 5
            await b.post(f"/workouts/{wid}/finish", headers=headers)  # and the other way round
            assert (await next_of(live, "workout.finished"))["workout_id"] == wid


async def test_a_client_resumes_on_the_other_replica(replicas: tuple[str, str, int]) -> None:
    one, two, _ = replicas
    async with httpx.AsyncClient(base_url=one + "/api/v1") as a:
        headers = await account(a)
        first = {"type": "auth", "token": token(headers), "types": ["set.logged"]}
        wid = (await a.post("/workouts/start", headers=headers, json={})).json()["id"]
        async with event_socket(one, "/events", first) as events:
            await ready(events)
            await a.post(f"/workouts/{wid}/sets", headers=headers, json={"exercise": "dip", "reps": 1})
            last = (await next_of(events, "set.logged"))["id"]
        for reps in (2, 3):
            await a.post(f"/workouts/{wid}/sets", headers=headers, json={"exercise": "dip", "reps": reps})
        async with event_socket(two, "/events", first | {"last_event_id": last}) as events:
            await ready(events)
            assert [(await next_of(events, "set.logged"))["data"]["reps"] for _ in range(2)] == [2, 3]


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


async def test_a_socket_that_reads_nothing_does_not_grow_the_servers_memory(replicas: tuple[str, str, int]) -> None:
    """14 MB of events for a client that reads none: the server holds at most its queue (256
    messages) of them; the rest is dropped when it closes the socket (4503)."""
    one, _, pid = replicas
    async with httpx.AsyncClient(base_url=one + "/api/v1", timeout=30) as a:
        headers = await account(a)
        wid = (await a.post("/workouts/start", headers=headers, json={})).json()["id"]
        body = {"exercise": "dip", "reps": 5, "sets": 50, "notes": "n" * 2000}
        for _ in range(10):  # warm up: the allocator's pools and the server's caches
            await a.post(f"/workouts/{wid}/sets", headers=headers, json=body)
        before = rss_kib(pid)
        raw = await asyncio.to_thread(RawSocket, one, "/events")
        try:
            await asyncio.to_thread(raw.send_text, f'{{"type": "auth", "token": "{token(headers)}"}}')
            await asyncio.sleep(0.5)
            for _ in range(120):  # 6,000 events of ~2.4 kB
                r = await a.post(f"/workouts/{wid}/sets", headers=headers, json=body)
                assert r.status_code == 201, r.text
            grown = rss_kib(pid) - before
            messages, code = await asyncio.to_thread(raw.frames)
        finally:
            raw.close()
    assert code == 4503
    assert len(messages) < 6000 * 0.9
    assert grown < 7 * 1024, f"the server grew by {grown} KiB"
