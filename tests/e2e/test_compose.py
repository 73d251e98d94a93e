"""docker-compose.yml rehearsed without containers (this machine has no Docker daemon): its services'
commands and environment, as the file and the Dockerfile give them, run as processes on loopback
against PostgreSQL and Redis. The `migrate` service prepares a fresh database once; two `api`
replicas (the image's CMD, AUTO_MIGRATE off) answer the image's health check; the `worker` runs the
jobs the replicas enqueue. A lifter registers on one replica, logs a set on the other, reads it back
on the first, and imports a Strong file that the worker imports. The load balancer (nginx) and the
images themselves are what this leaves untried. Needs TEST_DATABASE_URL and TEST_REDIS_URL."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
import yaml
from sqlalchemy.engine import make_url

from assistant.settings import Settings
from tests.conftest import PG_URL, REDIS_URL
from tests.e2e.conftest import ROOT
from tests.fakes.exports import history, strong_csv

pytestmark = pytest.mark.skipif(not (PG_URL and REDIS_URL), reason="needs TEST_DATABASE_URL and TEST_REDIS_URL")
FAST = {"ARGON2_MEMORY_KIB": "1024", "ARGON2_TIME_COST": "1", "LOG_LEVEL": "WARNING"}  # not the file's


def compose() -> dict[str, Any]:
    return dict(yaml.safe_load((ROOT / "docker-compose.yml").read_text()))


def interpolate(value: str, env: dict[str, str]) -> str:
    """Compose's `${VAR:-default}` and `${VAR:?message}`."""

    def one(m: re.Match[str]) -> str:
        name, op, rest = m.group(1), m.group(2), m.group(3)
        if env.get(name):
            return env[name]
        if op == ":?":
            raise AssertionError(f"compose needs {name}: {rest}")
        return rest

    return re.sub(r"\$\{(\w+)(:-|:\?)([^}]*)\}", one, value)


def service_env(service: dict[str, Any], given: dict[str, str], hosts: dict[str, str]) -> dict[str, str]:
    """The service's environment as compose would set it, its service hostnames' URLs replaced."""
    env = {k: interpolate(str(v), given) for k, v in (service.get("environment") or {}).items()}
    return env | {k: hosts[k] for k in hosts if k in env}


def image_cmd() -> list[str]:
    (line,) = [ln for ln in (ROOT / "Dockerfile").read_text().splitlines() if ln.startswith("CMD ")]
    return list(json.loads(line[4:]))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def local(cmd: list[str]) -> list[str]:
    assert cmd[0] == "python", cmd
    return [sys.executable, *cmd[1:]]


@pytest.fixture
def database() -> Iterator[str]:
    """A fresh PostgreSQL database on the test server, as the compose file's `postgres` gives one."""
    url = make_url(PG_URL or "")
    name = f"compose_{uuid.uuid4().hex[:10]}"
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_the_compose_services_run_together(database: str, tmp_path: Path) -> None:
    services = compose()["services"]
    assert {"migrate", "api", "worker", "lb", "postgres", "redis"} <= set(services)
    given = {"JWT_SECRET": "compose-rehearsal-" + "s" * 32}
    assert REDIS_URL
    hosts = {"DATABASE_URL": database, "REDIS_URL": REDIS_URL, "JOB_QUEUE": f"spotter:compose:{uuid.uuid4().hex}"}
    fields = {name.upper() for name in Settings.model_fields}
    procs: list[subprocess.Popen[bytes]] = []

    def start(name: str, cmd: list[str], env: dict[str, str], log: str) -> subprocess.Popen[bytes]:
        unknown = set(env) - fields - {"WEB_CONCURRENCY", "FORWARDED_ALLOW_IPS"}  # the last two are uvicorn's
        assert not unknown, f"{name}: settings nobody reads: {unknown}"
        full = {**os.environ, **FAST, **env}
        proc = subprocess.Popen(
            local(cmd), cwd=ROOT, env=full, stdout=subprocess.DEVNULL, stderr=(tmp_path / log).open("wb")
        )
        procs.append(proc)
        return proc

    try:
        migrate = services["migrate"]
        env = service_env(migrate, given, hosts) | {"JOB_QUEUE": hosts["JOB_QUEUE"]}
        assert start("migrate", migrate["command"], env, "migrate.log").wait(timeout=300) == 0, (
            tmp_path / "migrate.log"
        ).read_text()[-3000:]

        api = services["api"]
        assert api["environment"]["AUTO_MIGRATE"] == "false" and api["deploy"]["replicas"] >= 2
        bases = []
        for i in range(2):
            port = free_port()
            cmd = [*image_cmd()]
            cmd[cmd.index("--port") + 1], cmd[cmd.index("--host") + 1] = str(port), "127.0.0.1"
            start("api", cmd, service_env(api, given, hosts) | {"JOB_QUEUE": hosts["JOB_QUEUE"]}, f"api{i}.log")
            bases.append(f"http://127.0.0.1:{port}")
        worker = services["worker"]
        start(
            "worker",
            worker["command"],
            service_env(worker, given, hosts) | {"JOB_QUEUE": hosts["JOB_QUEUE"]},
            "worker.log",
        )

        deadline = time.monotonic() + 180
        for i, base in enumerate(bases):  # the image's HEALTHCHECK asks /readyz
            while True:
                try:
                    if httpx.get(base + "/readyz", timeout=5).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert time.monotonic() < deadline, (tmp_path / f"api{i}.log").read_text()[-3000:]
                assert all(p.poll() is None for p in procs[1:]), [p.returncode for p in procs]
                time.sleep(0.2)

        one, two = (httpx.Client(base_url=b + "/api/v1", timeout=30) for b in bases)
        creds = {"email": f"compose-{uuid.uuid4().hex[:8]}@example.com", "password": "compose-password"}
        r = one.post("/auth/register", json=creds)
        assert r.status_code == 201, r.text
        auth = {"Authorization": f"Bearer {r.json()['access_token']}"}
        workout = two.post("/workouts/start", headers=auth).json()["id"]
        one_set = {"exercise": "barbell-back-squat", "reps": 5, "weight": 225}
        logged = two.post(f"/workouts/{workout}/sets", json=one_set, headers=auth)
        assert logged.status_code == 201, logged.text
        sets = one.get(f"/workouts/{workout}/sets", headers=auth).json()["data"]
        assert [(s["reps"], s["weight"]) for s in sets] == [(5, 225)]

        sessions = history(years=0.05, per_week=2, seed=5)
        text = strong_csv(sessions)
        queued = one.post("/import", files={"file": ("strong.csv", text.encode(), "text/csv")}, headers=auth)
        assert queued.status_code == 202, queued.text
        for _ in range(600):  # the worker imports it (the replicas only enqueue)
            job = two.get(f"/jobs/{queued.json()['id']}", headers=auth).json()
            if job["status"] in ("succeeded", "failed"):
                break
            time.sleep(0.1)
        assert job["status"] == "succeeded", (job, (tmp_path / "worker.log").read_text()[-3000:])
        assert len(one.get("/workouts", params={"limit": 100}, headers=auth).json()["data"]) == 1 + len(sessions)
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
