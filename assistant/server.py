"""Serving the HTTP app: one uvicorn server per worker process, fed by the supervisor.

With several workers the supervisor owns the one listening socket and hands each accepted
connection to the worker with the fewest open connections (assistant/handoff.py): the kernel's
SO_REUSEPORT hash split 32 keep-alive clients 18/14 or 19/13, and before that uvicorn's shared
socket let whichever worker woke first accept a whole burst. The socket has TCP_NODELAY, which
accepted connections inherit: without it a response written in two parts waits ~40 ms for the
client's delayed ACK.

The app itself lives in channels/, which nothing imports: uvicorn loads it by name.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import socket
import time
from types import FrameType
from typing import Any

import uvicorn

from assistant.handoff import Dispatcher, HandOffServer, Loads
from assistant.http_transport import OnePacketHttp

APP = "channels.http.app:create_app"
STARTUP_GRACE_S = 10.0
log = logging.getLogger("spotter.server")


def listening_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(2048)
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


def run_worker(host: str, port: int) -> None:
    sock = listening_socket(host, port)
    uvicorn.Server(config(host, port)).run(sockets=[sock])


def run_handed_worker(host: str, port: int, channel: socket.socket, slots: Any, index: int) -> None:
    HandOffServer(config(host, port), channel, Loads(slots, index)).run()


def serve(host: str, port: int, workers: int = 1) -> int:
    """Serve until SIGINT/SIGTERM; with several workers, restart any that dies once it had been up.

    A port that cannot be bound, or a worker that exits within STARTUP_GRACE_S of starting (a bad
    setting), stops them all with exit status 3, rather than a restart loop.
    """
    if workers <= 1:
        run_worker(host, port)
        return 0
    try:
        listener = listening_socket(host, port)
    except OSError as e:
        log.error("server failed to start: %s", e)
        return 3
    ctx = multiprocessing.get_context("spawn")
    slots = ctx.Array("i", Loads.SLOTS * workers, lock=False)
    dispatcher = Dispatcher(listener, slots, workers)
    stopping = False
    failed = False
    started_at: dict[int, float] = {}

    def start(index: int) -> multiprocessing.process.BaseProcess:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        proc = ctx.Process(target=run_handed_worker, args=(host, port, theirs, slots, index), daemon=False)
        proc.start()  # the worker gets its own copy of `theirs` as the process starts
        theirs.close()
        dispatcher.attach(index, ours)
        started_at[id(proc)] = time.monotonic()
        return proc

    def stop(signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    procs = [start(i) for i in range(workers)]
    dispatcher.start()
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
            procs[i] = start(i)
    dispatcher.stop()
    for proc in procs:
        proc.terminate()
    for proc in procs:
        proc.join(timeout=15)
        if proc.is_alive():
            proc.kill()
    return 3 if failed else 0
