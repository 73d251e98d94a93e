"""The real server on loopback, shared by the end-to-end tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.fakes.oura import FakeOura, documents
from tests.fakes.servers import serve

ROOT = Path(__file__).resolve().parents[2]
TWILIO_TOKEN = "e2e-twilio-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def fake_oura() -> Iterator[tuple[FakeOura, str]]:
    """A device cloud for the web app to connect through its consent page (three days of data)."""
    fake = FakeOura(docs=documents(3))
    with serve(fake.app()) as url:
        yield fake, url


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory, fake_oura: tuple[FakeOura, str]) -> Iterator[str]:
    port = free_port()
    where = tmp_path_factory.mktemp("e2e")
    db, log = where / "fresh.db", (where / "server.log").open("wb")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite+aiosqlite:///{db}",
        "ARGON2_MEMORY_KIB": "1024",
        "ARGON2_TIME_COST": "1",
        "LOG_LEVEL": "WARNING",
        "MODEL_CACHE_DIR": str(ROOT / "var" / "models"),
        "VOICE_IDLE_TIMEOUT_S": "5",
        "TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "OURA_CLIENT_ID": fake_oura[0].client_id,
        "OURA_CLIENT_SECRET": fake_oura[0].client_secret,
        "OURA_BASE_URL": fake_oura[1],
        "OURA_AUTH_URL": fake_oura[1],
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180  # a fresh store migrates first; slow on a loaded machine
        while time.monotonic() < deadline:
            try:
                if httpx.get(base + "/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            proc.kill()
            raise RuntimeError((where / "server.log").read_text()[-3000:] or "server did not start")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()
