"""`python -m assistant serve --workers 2`: one store migrated once, connections shared evenly, load
on both workers, a dead worker replaced, a port that cannot be bound stopping the lot (Linux: workers
and their connections are found through /proc)."""

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


def established_to(port: int) -> set[str]:
    """Socket inodes of established TCP connections whose local port is `port` (from /proc/net/tcp)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "01":
                inodes.add(fields[9])
    return inodes


def connections_held(pid: int, inodes: set[str]) -> int:
    held = 0
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        held += target.startswith("socket:[") and target[8:-1] in inodes
    return held


def cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def serve(port: int, db: Path, log: Path, **extra_env: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite+aiosqlite:///{db}",
        "ARGON2_MEMORY_KIB": "1024",
        "ARGON2_TIME_COST": "1",
        "LOG_LEVEL": "WARNING",
        "RATE_LIMIT": "100000/minute",
        "AUTH_RATE_LIMIT": "100000/minute",
        **extra_env,
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


def wait_for_none_held(port: int, proc: subprocess.Popen[bytes]) -> None:
    """Earlier connections (readiness checks, other tests on this server) closed and counted out: a
    worker counts a connection out just after its socket closes."""
    deadline = time.monotonic() + 10
    while (
        sum(connections_held(pid, established_to(port)) for pid in children(proc.pid)) and time.monotonic() < deadline
    ):
        time.sleep(0.05)
    time.sleep(0.3)


def health(port: int, sock: socket.socket) -> socket.socket:
    """GET /healthz on `sock`, as an HTTP/1.1 client does: when the answer says "Connection: close",
    the next request goes on a new connection (returned)."""
    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    sock.settimeout(10)
    answer = b""
    while b"\r\n\r\n" not in answer:
        answer += sock.recv(65536)
    head, _, body = answer.partition(b"\r\n\r\n")
    fields = dict(line.lower().split(b": ", 1) for line in head.split(b"\r\n")[1:])
    length = int(fields[b"content-length"])
    while len(body) < length:
        body += sock.recv(65536)
    assert head.startswith(b"HTTP/1.1 200")
    if fields.get(b"connection") == b"close":
        sock.close()
        return socket.create_connection(("127.0.0.1", port))
    return sock


def held_by_workers(port: int, proc: subprocess.Popen[bytes]) -> list[int]:
    inodes = established_to(port)
    assert connections_held(proc.pid, inodes) == 0  # the supervisor keeps no copy
    return sorted(connections_held(pid, inodes) for pid in children(proc.pid))


def ask_until_even(port: int, proc: subprocess.Popen[bytes], clients: list[socket.socket]) -> list[socket.socket]:
    """Every client asks in turn, as clients in use do, until the workers hold 16 each (or 15 s):
    a crowded worker moves connections once it has been crowded for a moment (SETTLE_S)."""
    deadline = time.monotonic() + 15
    while True:
        clients = [health(port, c) for c in clients]
        if held_by_workers(port, proc) == [16, 16] or time.monotonic() > deadline:
            return clients
        time.sleep(0.02)


def test_connections_are_shared_evenly_between_the_workers(
    two_workers: tuple[str, subprocess.Popen[bytes]],
) -> None:
    base, proc = two_workers
    port = int(base.rsplit(":", 1)[1])
    wait_for_none_held(port, proc)
    clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(32)]
    try:
        clients = ask_until_even(port, proc, clients)
        assert held_by_workers(port, proc) == [16, 16]
    finally:
        for c in clients:
            c.close()


def test_connections_placed_unevenly_are_moved_to_the_lighter_worker(
    two_workers: tuple[str, subprocess.Popen[bytes]],
) -> None:
    """What a benchmark's second run met: a worker still busy counts its closed connections out late,
    so a burst of new ones goes mostly to the other."""
    base, proc = two_workers
    port = int(base.rsplit(":", 1)[1])
    wait_for_none_held(port, proc)
    clients = ask_until_even(port, proc, [socket.create_connection(("127.0.0.1", port)) for _ in range(32)])
    assert held_by_workers(port, proc) == [16, 16]
    late, prompt = sorted(children(proc.pid), key=lambda pid: connections_held(pid, established_to(port)))[:2]
    os.kill(late, signal.SIGSTOP)  # it cannot count its 16 out
    try:
        for c in clients:
            c.close()
        deadline = time.monotonic() + 10
        while connections_held(prompt, established_to(port)) and time.monotonic() < deadline:
            time.sleep(0.05)
        clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(32)]
        deadline = time.monotonic() + 10
        while connections_held(prompt, established_to(port)) < 24 and time.monotonic() < deadline:
            time.sleep(0.05)
        # 16 to even up with the stale 16, then turns: 24 (fewer if the prompt worker itself counted
        # its closes out late, as on a loaded machine), so uneven either way
        assert connections_held(prompt, established_to(port)) > 16
    finally:
        os.kill(late, signal.SIGCONT)
    clients = ask_until_even(port, proc, clients)
    assert held_by_workers(port, proc) == [16, 16]
    for c in clients:
        c.close()


def test_both_workers_serve_concurrent_writers_and_a_dead_one_is_replaced(
    two_workers: tuple[str, subprocess.Popen[bytes]],
) -> None:
    base, proc = two_workers
    started = time.monotonic()
    workers = children(proc.pid)
    before = {pid: cpu_ticks(pid) for pid in workers}
    with ThreadPoolExecutor(32) as pool:  # 32 connections, shared between both workers
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


def stops_with_status_3(proc: subprocess.Popen[bytes], log: Path) -> None:
    try:
        assert proc.wait(timeout=90) == 3
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "failed to start" in log.read_text()


def test_a_port_that_cannot_be_bound_stops_the_server(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        stops_with_status_3(serve(port, tmp_path / "busy.db", tmp_path / "server.log"), tmp_path / "server.log")


def test_workers_that_cannot_start_stop_the_server(tmp_path: Path) -> None:
    """The app's start-up fails in the workers (Telegram unreachable), not in the supervisor."""
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        dead_api = f"http://127.0.0.1:{closed.getsockname()[1]}"  # bound, never listening: refused
        log = tmp_path / "server.log"
        proc = serve(free_port(), tmp_path / "fresh.db", log, TELEGRAM_BOT_TOKEN="123:abc", TELEGRAM_API_URL=dead_api)
        stops_with_status_3(proc, log)


def test_websockets_are_handed_to_workers_too(two_workers: tuple[str, subprocess.Popen[bytes]]) -> None:
    from websockets.sync.client import connect

    base, _ = two_workers
    for _ in range(4):  # on both workers
        with connect(base.replace("http", "ws", 1) + "/api/v1/voice/stream", open_timeout=10) as ws:
            ws.send('{"type": "start"}')
            assert '"AUTH_REQUIRED"' in str(ws.recv(timeout=10))
