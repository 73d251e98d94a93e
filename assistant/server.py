"""Serving the HTTP app: one uvicorn server per worker process, each with its own listening socket.

Every worker binds the same port with SO_REUSEPORT, so the kernel spreads new connections across
them. With one shared socket (uvicorn's own `--workers`), whichever worker wakes first accepts a
whole burst of connections and the other sits idle: 8 keep-alive clients measured here ran at the
speed of one worker. Every socket also has TCP_NODELAY, which accepted connections inherit: without
it a response written in two parts waits ~40 ms for the client's delayed ACK.

The app itself lives in channels/, which nothing imports: uvicorn loads it by name.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import socket
import time
from types import FrameType

import uvicorn

from assistant.http_transport import OnePacketHttp

APP = "channels.http.app:create_app"
STARTUP_GRACE_S = 10.0
log = logging.getLogger("spotter.server")


def listening_socket(host: str, port: int, *, reuse_port: bool) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def config(host: str, port: int) -> uvicorn.Config:
    return uvicorn.Config(
        APP,
        factory=True,
        host=host,
        port=port,
        log_level="info",
        access_log=False,
        proxy_headers=True,
        # The standard loop serves a saturated server's connections in turn; uvloop, measured here,
        # left 1 request in 100 waiting ten times the median (benchmarks/README.md).
        loop="asyncio",
        http=OnePacketHttp,
    )


def run_worker(host: str, port: int, reuse_port: bool = False) -> None:
    sock = listening_socket(host, port, reuse_port=reuse_port)
    uvicorn.Server(config(host, port)).run(sockets=[sock])


def serve(host: str, port: int, workers: int = 1) -> int:
    """Serve until SIGINT/SIGTERM; with several workers, restart any that dies once it had been up.

    A worker that exits within STARTUP_GRACE_S of starting (a bad setting, a port in use) stops
    them all, with exit status 3, rather than being restarted in a loop.
    """
    if workers <= 1:
        run_worker(host, port)
        return 0
    ctx = multiprocessing.get_context("spawn")
    stopping = False
    failed = False
    started_at: dict[int, float] = {}

    def start() -> multiprocessing.process.BaseProcess:
        proc = ctx.Process(target=run_worker, args=(host, port, True), daemon=False)
        proc.start()
        started_at[id(proc)] = time.monotonic()
        return proc

    def stop(signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    procs = [start() for _ in range(workers)]
    log.info("serving on http://%s:%d with %d workers", host, port, workers)
    while not stopping:
        time.sleep(0.2)
        for i, proc in enumerate(procs):
            if proc.is_alive() or stopping:
                continue
            if time.monotonic() - started_at[id(proc)] < STARTUP_GRACE_S:
                log.error("worker %s failed to start (exit %s); stopping", proc.pid, proc.exitcode)
                stopping = failed = True
                break
            log.warning("worker %s exited with %s; starting another", proc.pid, proc.exitcode)
            procs[i] = start()
    for proc in procs:
        proc.terminate()
    for proc in procs:
        proc.join(timeout=15)
        if proc.is_alive():
            proc.kill()
    return 3 if failed else 0
