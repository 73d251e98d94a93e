"""Connections handed to the least busy worker: the supervisor accepts, the workers serve.

With one listening socket per worker (SO_REUSEPORT), the kernel assigns each new connection to a
worker by a hash of its addresses: 32 keep-alive clients split 18/14 or 19/13 (seen with `ss`), and
the busier worker's clients wait longer for as long as they stay connected. Here the supervisor
owns the one listening socket; a thread accepts each connection and passes its descriptor
(SCM_RIGHTS, over a Unix socket pair) to the worker with the fewest open connections.
Each worker publishes, in a small shared array, how many connections it has received and how many
it has open, and the supervisor how many it has handed to each; what was handed over but not yet
received counts as open, so a burst of connections is spread evenly before any worker has reported.

A worker busy with requests counts its closed connections out a little late (tens of milliseconds
under load), and a burst of new ones arriving meanwhile goes to the other worker: a benchmark's
second run of 32 clients started 8/24 or 27/5, right after its first had closed 16/16, and stayed
so. So placement is corrected as well: a worker holding two or more connections more than the
least loaded other, for longer than a passing lag in the counts (SETTLE_S), asks the clients of the
next requests it answers to reconnect (`Connection: close`, which every HTTP/1.1 client honours),
and the supervisor hands the new connections to the lighter worker. The same evens out the load
after a worker dies and is replaced (its clients reconnect to the survivor). Upgraded connections
(WebSockets) are never asked.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import time
from collections.abc import Callable, MutableSequence
from typing import Any

import uvicorn

from assistant.http_transport import OnePacketHttp

log = logging.getLogger("spotter.server")
SEND_TIMEOUT_S = 2.0  # a worker that takes no connection for this long is passed over
# How long a worker must look crowded before it moves connections: counts lag when clients leave
# (a busy worker counts closes out late, and its own count holds connections already gone), and
# acting on a passing difference sent connections back and forth for ~0.2 s at each change of clients.
SETTLE_S = 0.2


class Loads:
    """Per worker, in a shared array of ints: connections received and open (written by the worker)
    and handed over (written by the supervisor)."""

    SLOTS = 3  # ints per worker

    def __init__(self, slots: MutableSequence[int], index: int) -> None:
        self.slots, self.index = slots, index

    @property
    def received(self) -> int:
        return self.slots[self.SLOTS * self.index]

    @property
    def open(self) -> int:
        return self.slots[self.SLOTS * self.index + 1]

    @property
    def handed(self) -> int:
        return self.slots[self.SLOTS * self.index + 2]

    @handed.setter
    def handed(self, count: int) -> None:
        self.slots[self.SLOTS * self.index + 2] = count

    def publish(self, received: int, open_now: int) -> None:
        # Open first, then received; readers read them the other way round (`load`). A read
        # between the two writes then counts a just-received connection twice, never not at all: a
        # worker never looks lighter than it is, so a burst is not skewed towards it.
        self.slots[self.SLOTS * self.index + 1] = open_now
        self.slots[self.SLOTS * self.index] = received

    def load(self) -> int:
        """Connections open, plus those handed over but not yet received."""
        received = self.received
        return self.open + max(0, self.handed - received)

    def crowded(self, open_now: int, moving: int = 0) -> bool:
        """Whether this worker, with `open_now` connections of which `moving` are already asked to
        move (they will land on the least loaded other), holds two or more more than that other."""
        others = [Loads(self.slots, i).load() for i in range(len(self.slots) // self.SLOTS) if i != self.index]
        return bool(others) and open_now - moving >= min(others) + moving + 2


class Dispatcher:
    """The supervisor's side: accept on `listener`, hand each connection to the least loaded worker."""

    def __init__(self, listener: socket.socket, slots: MutableSequence[int], workers: int) -> None:
        self.listener, self.slots = listener, slots
        self.channels: list[socket.socket | None] = [None] * workers
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def attach(self, index: int, channel: socket.socket) -> None:
        """Worker `index` (new or restarted) takes connections from `channel` from now on."""
        channel.settimeout(SEND_TIMEOUT_S)
        with self._lock:
            old, self.channels[index] = self.channels[index], channel
            loads = Loads(self.slots, index)
            loads.handed = 0
            loads.publish(0, 0)
        if old is not None:
            old.close()  # connections queued for a dead worker go with it

    @property
    def handed(self) -> list[int]:
        """Connections handed to each worker since it was attached."""
        return [Loads(self.slots, i).handed for i in range(len(self.channels))]

    def by_load(self) -> list[int]:
        """Attached workers, least loaded first (what was handed but not yet received counts as open)."""
        loads = {}
        for i, channel in enumerate(self.channels):
            if channel is not None:
                loads[i] = Loads(self.slots, i).load()
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
                Loads(self.slots, i).handed += 1
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
        self._leaving: set[Any] = set()  # connections asked to close after their current answer
        self._crowded_since: float | None = None

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
        protocol = self.config.http_protocol_class(  # type: ignore[call-arg]
            config=self.config, server_state=self.server_state, app_state=self.lifespan.state
        )
        if isinstance(protocol, OnePacketHttp):
            protocol.close_after = self.close_after
        return protocol

    def close_after(self, connection: Any) -> bool:
        """Asked as each request on `connection` arrives: should it close once this one is answered?
        Yes once this worker has been crowded for SETTLE_S, counting the connections already asked
        as gone (requests that arrive together would otherwise all be asked)."""
        if connection in self._leaving:
            return True
        if not self.loads.crowded(self._open(), len(self._leaving)):
            self._crowded_since = None
            return False
        now = time.monotonic()
        if self._crowded_since is None:
            self._crowded_since = now
        if now - self._crowded_since < SETTLE_S:
            return False
        self._leaving.add(connection)
        return True

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

    def _open(self) -> int:
        return len(self.server_state.connections) + len(self._pending)

    def _report(self) -> None:
        self._leaving &= self.server_state.connections  # those closed are gone
        self.loads.publish(self.received, self._open())


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
