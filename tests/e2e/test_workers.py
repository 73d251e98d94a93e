"""`python -m assistant serve --workers 2`: one store migrated once, load on both workers, a dead worker
replaced, a worker that cannot start stopping the lot (Linux: workers are found through /proc)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import ROOT, free_port

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads worker processes from /proc")


def children(pid: int) -> list[int]:
    """The server's worker processes (not multiprocessing's resource tracker, nor exited ones)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, ppid = stat.read_text().rsplit(")", 1)[1].split()[:2]
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(ppid) == pid and state != "Z" and b"spawn_main" in cmdline and b"resource_tracker" not in cmdline:
            found.append(int(stat.parent.name))
    return found


def cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def serve(port: int, db: Path, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite+aiosqlite:///{db}",
        "ARGON2_MEMORY_KIB": "1024",
        "ARGON2_TIME_COST": "1",
        "LOG_LEVEL": "WARNING",
        "RATE_LIMIT": "100000/minute",
        "AUTH_RATE_LIMIT": "100000/minute",
    }
    cmd = [sys.executable, "-m", "assistant", "serve", "--port", str(port), "--workers", "2"]
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)


@pytest.fixture
def two_workers(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    proc = serve(port, tmp_path / "fresh.db", tmp_path / "server.log")
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while len(children(proc.pid)) < 2 or not ready(base):
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError((tmp_path / "server.log").read_text()[-3000:])
            time.sleep(0.2)
        yield base, proc
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def ready(base: str) -> bool:
    try:
        return httpx.get(base + "/readyz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def lifter_logs(base: str, n: int) -> list[int]:
    """A lifter on a connection of their own: register, log n sets one by one, read their positions."""
    with httpx.Client(base_url=base + "/api/v1", timeout=30) as c:
        email = f"worker-{n}-{time.monotonic_ns()}@example.com"
        token = c.post("/auth/register", json={"email": email, "password": "two-workers"}).json()["access_token"]
        h = {"Authorization": f"Bearer {token}"}
        w = c.post("/workouts/start", headers=h).json()
        for reps in range(1, n + 1):
            r = c.post(f"/workouts/{w['id']}/sets", json={"exercise": "deadlift", "reps": reps}, headers=h)
            assert r.status_code == 201, r.text
        listed = c.get(f"/workouts/{w['id']}/sets", headers=h).json()["data"]
        return [s["reps"] for s in listed]


def test_both_workers_serve_concurrent_writers_and_a_dead_one_is_replaced(
    two_workers: tuple[str, subprocess.Popen[bytes]],
) -> None:
    base, proc = two_workers
    started = time.monotonic()
    workers = children(proc.pid)
    before = {pid: cpu_ticks(pid) for pid in workers}
    with ThreadPoolExecutor(32) as pool:  # 32 connections: the kernel spreads them over both workers
        results = list(pool.map(lambda _: lifter_logs(base, 6), range(32)))
    assert results == [list(range(1, 7))] * 32  # every set of every lifter, in order, on one store
    busy = [pid for pid in workers if cpu_ticks(pid) - before[pid] >= 2]
    assert len(busy) == 2, "connections should be spread over both workers"

    time.sleep(max(0.0, 11 - (time.monotonic() - started)))  # past the start-up grace period
    os.kill(workers[0], signal.SIGKILL)
    deadline = time.monotonic() + 60
    while not (len(now := children(proc.pid)) == 2 and workers[0] not in now and ready(base)):
        assert time.monotonic() < deadline, "the dead worker was not replaced"
        time.sleep(0.2)
    assert lifter_logs(base, 2) == [1, 2]


def test_a_worker_that_cannot_start_stops_the_server(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = serve(port, tmp_path / "busy.db", tmp_path / "server.log")
        try:
            assert proc.wait(timeout=60) == 3
        finally:
            if proc.poll() is None:
                proc.kill()
    assert "failed to start" in (tmp_path / "server.log").read_text()
