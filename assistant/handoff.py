"""Connections handed to the least busy worker: the supervisor accepts, the workers serve.

With one listening socket per worker (SO_REUSEPORT), the kernel assigns each new connection to a
worker by a hash of its addresses: 32 keep-alive clients split 18/14 or 19/13 (seen with `ss`), and
the busier worker's clients wait longer for as long as they stay connected. Here the supervisor
owns the one listening socket; a thread accepts each connection and passes its descriptor
(SCM_RIGHTS, over a Unix socket pair) to the worker with the fewest open connections.
Each worker publishes, in a small shared array, how many connections it has received and how many
it has open; what was handed over but not yet received counts as open, so a burst of connections
is spread evenly before any worker has reported.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
from collections.abc import Callable, MutableSequence
from typing import Any

import uvicorn

log = logging.getLogger("spotter.server")
SEND_TIMEOUT_S = 2.0  # a worker that takes no connection for this long is passed over


class Loads:
    """Per worker: connections received and connections open, in a shared array of ints."""

    def __init__(self, slots: MutableSequence[int], index: int) -> None:
        self.slots, self.index = slots, index

    @property
    def received(self) -> int:
        return self.slots[2 * self.index]

    @property
    def open(self) -> int:
        return self.slots[2 * self.index + 1]

    def publish(self, received: int, open_now: int) -> None:
        # Open first, then received; the supervisor reads them the other way round (`load`). A read
        # between the two writes then counts a just-received connection twice, never not at all: a
        # worker never looks lighter than it is, so a burst is not skewed towards it.
        self.slots[2 * self.index + 1] = open_now
        self.slots[2 * self.index] = received

    def load(self, handed: int) -> int:
        """Connections open, plus those handed over (`handed` so far) but not yet received."""
        received = self.received
        return self.open + max(0, handed - received)


class Dispatcher:
    """The supervisor's side: accept on `listener`, hand each connection to the least loaded worker."""

    def __init__(self, listener: socket.socket, slots: MutableSequence[int], workers: int) -> None:
        self.listener, self.slots = listener, slots
        self.channels: list[socket.socket | None] = [None] * workers
        self.handed = [0] * workers
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def attach(self, index: int, channel: socket.socket) -> None:
        """Worker `index` (new or restarted) takes connections from `channel` from now on."""
        channel.settimeout(SEND_TIMEOUT_S)
        with self._lock:
            old, self.channels[index] = self.channels[index], channel
            self.handed[index] = 0
            Loads(self.slots, index).publish(0, 0)
        if old is not None:
            old.close()  # connections queued for a dead worker go with it

    def by_load(self) -> list[int]:
        """Attached workers, least loaded first (what was handed but not yet received counts as open)."""
        loads = {}
        for i, channel in enumerate(self.channels):
            if channel is not None:
                loads[i] = Loads(self.slots, i).load(self.handed[i])
        return sorted(loads, key=lambda i: (loads[i], i))

    def hand(self, conn: socket.socket) -> bool:
        with self._lock:
            for i in self.by_load():
                channel = self.channels[i]
                assert channel is not None
                try:
                    socket.send_fds(channel, [b"c"], [conn.fileno()])
                except TimeoutError:  # that worker has not taken its last ones for a while: the next
                    continue
                except OSError:  # that worker is gone; the supervisor will attach its successor
                    self.channels[i] = None
                    continue
                self.handed[i] += 1
                return True
            return False

    def start(self) -> None:
        self.listener.settimeout(0.2)
        self._thread = threading.Thread(target=self._run, name="accept", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.listener.close()
        for channel in self.channels:
            if channel is not None:
                channel.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                if self._stop.is_set():
                    return
                log.exception("accept failed")
                continue
            with conn:  # the worker has its own descriptor now (or the client is turned away)
                try:
                    if not self.hand(conn):
                        log.error("no worker to take a connection")
                except Exception:  # never let one connection stop the accepting
                    log.exception("handing a connection over failed")


class HandOffServer(uvicorn.Server):
    """A worker: uvicorn without a listener of its own, serving the connections it is handed."""

    def __init__(self, config: uvicorn.Config, channel: socket.socket, loads: Loads) -> None:
        super().__init__(config)
        self.channel, self.loads = channel, loads
        self.received = 0
        self._pending: set[asyncio.Task[Any]] = set()

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        # uvicorn's protocols add themselves to this set when connected and leave it when closed
        self.server_state.connections = ReportingSet(self._report)
        await super().startup(sockets=[])  # the app's start-up; no socket to listen on
        loop = asyncio.get_running_loop()
        self.channel.setblocking(False)
        loop.add_reader(self.channel.fileno(), self._take)
        self._report()

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        asyncio.get_running_loop().remove_reader(self.channel.fileno())
        await super().shutdown(sockets)

    def _protocol(self) -> asyncio.Protocol:
        return self.config.http_protocol_class(  # type: ignore[call-arg]
            config=self.config, server_state=self.server_state, app_state=self.lifespan.state
        )

    def _take(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            try:
                data, fds, _, _ = socket.recv_fds(self.channel, 16, 8)
            except (BlockingIOError, InterruptedError):
                break
            if not data and not fds:  # the supervisor is gone
                loop.remove_reader(self.channel.fileno())
                self.should_exit = True
                break
            for fd in fds:
                self.received += 1
                conn = socket.socket(fileno=fd)
                conn.setblocking(False)
                task = loop.create_task(loop.connect_accepted_socket(self._protocol, conn))
                self._pending.add(task)
                task.add_done_callback(self._connected)
        self._report()

    def _connected(self, task: asyncio.Task[Any]) -> None:
        self._pending.discard(task)  # now in server_state.connections, or failed
        self._report()

    def _report(self) -> None:
        self.loads.publish(self.received, len(self.server_state.connections) + len(self._pending))


class ReportingSet(set[Any]):
    """The worker's open connections, published to the supervisor as each one opens or closes."""

    def __init__(self, changed: Callable[[], None]) -> None:
        super().__init__()
        self._changed = changed

    def add(self, item: Any) -> None:
        super().add(item)
        self._changed()

    def discard(self, item: Any) -> None:
        super().discard(item)
        self._changed()
