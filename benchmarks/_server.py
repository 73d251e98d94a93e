"""Start `python -m assistant serve` on a free loopback port for a benchmark, and stop it after."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_server(
    database_url: str | None = None,
    workers: int = 1,
    extra_env: dict[str, str] | None = None,
    root: Path = ROOT,
) -> Iterator[str]:
    """`root`: the source tree the server runs from (another checkout, to compare builds)."""
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        env = {
            **os.environ,
            "LOG_LEVEL": "WARNING",
            "RATE_LIMIT": "1000000/minute",
            "AUTH_RATE_LIMIT": "1000000/minute",
            "DATABASE_URL": database_url or f"sqlite+aiosqlite:///{tmp}/bench.db",
            **(extra_env or {}),
        }
        cmd = [sys.executable, "-m", "assistant", "serve", "--port", str(port), "--workers", str(workers)]
        log = Path(tmp) / "server.log"
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    if httpx.get(base + "/readyz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.2)
            else:
                raise RuntimeError("server did not become ready")
            yield base
        except BaseException:
            print(f"server log (last lines):\n{log.read_text(errors='replace')[-3000:]}", file=sys.stderr)
            raise
        finally:
            proc.terminate()
            proc.wait(timeout=15)
