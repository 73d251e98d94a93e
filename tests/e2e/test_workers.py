"""`python -m assistant serve --workers 2` on loopback: the address printed, the store migrated once
before the workers start, a worker killed at any moment replaced while the other keeps answering,
a clean exit on SIGTERM, status 3 when the app cannot start; and plain `uvicorn --workers 2` on a
fresh store (Linux: workers are found through /proc)."""

from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from alembic.script import ScriptDirectory

from domain import migrate
from tests.e2e.conftest import ROOT

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads worker processes from /proc")
ENV = {
    "ARGON2_MEMORY_KIB": "1024",
    "ARGON2_TIME_COST": "1",
    "LOG_LEVEL": "WARNING",
    "RATE_LIMIT": "100000/minute",
    "AUTH_RATE_LIMIT": "100000/minute",
}
STARTED = "Application startup complete"  # uvicorn's line as each worker's app is up


@dataclass
class Server:
    proc: subprocess.Popen[bytes]
    log: Path
    printed: str = ""
    base: str = ""

    def workers(self) -> list[int]:
        """The live worker processes (multiprocessing spawns them; exited ones are left out)."""
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                state, ppid = stat.read_text().rsplit(")", 1)[1].split()[:2]
                cmdline = (stat.parent / "cmdline").read_bytes()
            except OSError:
                continue
            if int(ppid) == self.proc.pid and state not in "ZX" and b"spawn_main" in cmdline:
                found.append(int(stat.parent.name))
        return sorted(found)

    def started(self) -> int:
        return self.log.read_text(errors="replace").count(STARTED)

    def wait_until(self, what: str, done: Callable[[], object], timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while not done():
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise AssertionError(f"{what}; server log:\n{self.log.read_text(errors='replace')[-3000:]}")
            time.sleep(0.05)

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=30)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()


def serve(tmp: Path, *args: str, **env: str) -> Server:
    """`python -m assistant serve --port 0 ...` on a fresh SQLite file; reads the address it prints."""
    log = tmp / "server.log"
    env = {**os.environ, **ENV, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp / 'fresh.db'}", **env}
    cmd = [sys.executable, "-m", "assistant", "serve", "--port", "0", *args]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=log.open("wb"))
    server = Server(proc, log)
    assert proc.stdout is not None
    server.printed = proc.stdout.readline().decode()  # "" if it stopped first
    found = re.search(r"http://\S+", server.printed)
    server.base = found.group(0) if found else ""
    return server


def healthy(base: str) -> bool:
    try:
        return httpx.get(base + "/healthz", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


def head_revision() -> str | None:
    return ScriptDirectory.from_config(migrate.alembic_config("sqlite://")).get_current_head()


def store_revision(tmp: Path) -> str:
    with sqlite3.connect(tmp / "fresh.db") as db:
        return str(db.execute("SELECT version_num FROM alembic_version").fetchone()[0])


@dataclass
class Started:
    server: Server
    revision: str  # the store's when the address was printed, before any worker ran
    killed_early: int  # a worker killed as it spawned, before its app was even imported


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Started]:
    tmp = tmp_path_factory.mktemp("workers")
    server = serve(tmp, "--workers", "2")
    try:
        assert server.base, server.log.read_text()[-3000:]
        revision = store_revision(tmp)
        server.wait_until("a worker spawned", lambda: server.workers())
        victim = server.workers()[0]
        os.kill(victim, signal.SIGKILL)
        assert server.started() == 0
        server.wait_until(
            "two workers up", lambda: server.started() >= 2 and len(server.workers()) == 2 and healthy(server.base)
        )
        yield Started(server, revision, victim)
    finally:
        server.stop()


def test_the_address_is_printed_and_two_workers_serve(two_workers: Started) -> None:
    server = two_workers.server
    assert re.fullmatch(r"serving on http://127\.0\.0\.1:\d+ with 2 workers\n", server.printed)
    assert len(server.workers()) == 2
    assert healthy(server.base)


def test_a_worker_killed_in_its_first_moments_was_replaced(two_workers: Started) -> None:
    assert two_workers.killed_early not in two_workers.server.workers()
    assert len(two_workers.server.workers()) == 2


def test_the_store_is_migrated_once_before_the_workers_start(two_workers: Started) -> None:
    assert two_workers.revision == head_revision()
    for pid in two_workers.server.workers():
        assert b"AUTO_MIGRATE=false" in Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")


def test_a_serving_worker_killed_is_replaced_while_the_other_answers(two_workers: Started) -> None:
    server = two_workers.server
    started, (victim, survivor) = server.started(), server.workers()
    os.kill(victim, signal.SIGKILL)
    answers, deadline = [], time.monotonic() + 60
    while server.started() == started:  # until the replacement's app is up
        answers.append(healthy(server.base))
        assert server.proc.poll() is None and time.monotonic() < deadline, "no replacement started"
    assert answers and all(answers)
    server.wait_until("the replacement running", lambda: len(server.workers()) == 2)
    assert victim not in server.workers() and survivor in server.workers()
    assert healthy(server.base)


def test_sigterm_stops_the_server_and_its_workers_cleanly(two_workers: Started) -> None:
    server = two_workers.server
    workers = server.workers()
    assert server.stop() == 0
    assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]


def test_an_app_that_cannot_start_stops_the_server_with_status_3(tmp_path: Path) -> None:
    """Every replacement would fail the same way (here Telegram is unreachable at start-up)."""
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
        dead_api = f"http://127.0.0.1:{closed.getsockname()[1]}"
        server = serve(tmp_path, "--workers", "2", TELEGRAM_BOT_TOKEN="123:abc", TELEGRAM_API_URL=dead_api)
        try:
            assert server.proc.wait(timeout=180) == 3
        finally:
            server.stop()
    assert "failed to start" in server.log.read_text()


def test_a_port_that_cannot_be_bound_stops_the_server_with_status_3(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        log = tmp_path / "server.log"
        env = {**os.environ, **ENV, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}"}
        cmd = [sys.executable, "-m", "assistant", "serve", "--port", port, "--workers", "2"]
        proc = subprocess.run(cmd, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT, timeout=180)
    assert proc.returncode == 3
    assert "Address already in use" in log.read_text()


def test_plain_uvicorn_workers_on_a_fresh_store_prepare_it_in_turn(tmp_path: Path) -> None:
    """Each worker prepares the store at start-up (AUTO_MIGRATE): they take turns, and both come up."""
    log = tmp_path / "server.log"
    env = {**os.environ, **ENV, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}"}
    # A loaded machine can keep a migrating worker from answering uvicorn's 5 s health check: allow longer.
    app = ["channels.http.app:create_app", "--factory", "--port", "0", "--workers", "2"]
    app += ["--timeout-worker-healthcheck", "30"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", *app], cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT
    )
    server = Server(proc, log)
    try:
        server.wait_until("both workers up", lambda: server.started() >= 2)
        server.base = re.findall(r"running on (http://\S+)", log.read_text())[0]
        assert healthy(server.base)
        assert server.started() == 2 and len(server.workers()) == 2
    finally:
        assert server.stop() == 0
    assert store_revision(tmp_path) == head_revision()
    assert "failed to start" not in log.read_text() and "died" not in log.read_text()
