"""Serving the HTTP app with uvicorn: in this process, or as uvicorn's own supervisor and N workers.

uvicorn's supervisor (`uvicorn.supervisors.Multiprocess`) shares one listening socket with its
workers, replaces a worker that dies (or stops answering its health pings) at any moment, and
stops them all on SIGINT or SIGTERM. A worker whose app refuses to start exits with uvicorn's
STARTUP_FAILURE status; every replacement would fail the same way, so the server stops with it
and the restart policy of whatever runs the server takes over.

Workers sharing one socket may split keep-alive clients unevenly: at scale the spread comes from
the load balancer in front of the replicas (README: Scaling out). The app lives in channels/,
which nothing imports: uvicorn loads it by name.
"""

from __future__ import annotations

import logging
import socket

import uvicorn
from uvicorn.config import STARTUP_FAILURE
from uvicorn.importer import ImportFromStringError, import_from_string
from uvicorn.supervisors import Multiprocess

from assistant import logs
from assistant.settings import Settings

APP = "channels.http.app:create_app"
# A WebSocket message is read whole before the app sees it: at most 1 MiB a message (uvicorn's
# default is 16 MiB, a lot of memory per socket for a flood). The voice socket refuses messages over
# MAX_FRAME_BYTES (64 KiB by default) itself, with an error event saying so.
WS_MAX_SIZE = 1024 * 1024
log = logging.getLogger("spotter.server")


def config(host: str, port: int, workers: int = 1) -> uvicorn.Config:
    settings = Settings()
    return uvicorn.Config(
        APP,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        log_config=logs.config(settings.log_level, settings.log_format),  # uvicorn's lines in our format
        access_log=False,
        proxy_headers=True,
        ws_max_size=WS_MAX_SIZE,
        # The standard loop serves a saturated server's connections in turn; uvloop, measured here,
        # left 1 request in 100 waiting ten times the median (benchmarks/README.md).
        loop="asyncio",
    )


def listening_socket(cfg: uvicorn.Config) -> socket.socket:
    """The socket every worker accepts on, listening already (connections wait in its backlog while
    the workers start). Nagle off, which accepted connections inherit: asyncio turns it off only on
    sockets it made itself, and without it a response written in two parts (uvicorn writes head and
    body apart) waits ~40 ms for the client's delayed ACK."""
    sock = cfg.bind_socket()  # a port that cannot be bound exits with STARTUP_FAILURE
    if sock.family in (socket.AF_INET, socket.AF_INET6):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.listen(cfg.backlog)
    return sock


def address(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def serve(host: str, port: int, workers: int = 1) -> int:
    """Serve until SIGINT/SIGTERM: 0 then, STARTUP_FAILURE (3) when the app could not start.

    Port 0 takes a free port; the address printed is the one bound. The app is imported here first:
    a broken install stops at once, not in a loop of workers that die as they load it.
    """
    try:
        import_from_string(APP)
    except ImportFromStringError as e:
        log.error("cannot load %s: %s", APP, e)
        return STARTUP_FAILURE
    cfg = config(host, port, workers)
    sock = listening_socket(cfg)
    plural = "worker" if workers == 1 else "workers"
    print(f"serving on {address(host, sock.getsockname()[1])} with {workers} {plural}", flush=True)
    if workers <= 1:
        server = uvicorn.Server(cfg)
        server.run(sockets=[sock])
        return 0 if server.started else STARTUP_FAILURE
    supervisor = Multiprocess(cfg, sockets=[sock])
    supervisor.run()
    failed = any(process.exitcode == STARTUP_FAILURE for process in supervisor.processes)
    return STARTUP_FAILURE if failed else 0
