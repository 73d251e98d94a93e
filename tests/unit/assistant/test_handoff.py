"""The supervisor hands each accepted connection to the worker with the fewest open ones."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from assistant.handoff import Dispatcher, Loads
from assistant.server import listening_socket


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    sock = listening_socket("127.0.0.1", 0)
    yield sock
    sock.close()


def received(channel: socket.socket) -> list[socket.socket]:
    """What a worker would take off its channel: the connections' own descriptors."""
    channel.setblocking(False)
    out = []
    while True:
        try:
            _, fds, _, _ = socket.recv_fds(channel, 16, 8)
        except BlockingIOError:
            return out
        out += [socket.socket(fileno=fd) for fd in fds]


def connect_and_hand(listener: socket.socket, dispatcher: Dispatcher, n: int) -> list[socket.socket]:
    clients = []
    for _ in range(n):
        clients.append(socket.create_connection(listener.getsockname()))
        conn, _ = listener.accept()
        with conn:
            assert dispatcher.hand(conn)
    return clients


Pair = tuple[socket.socket, socket.socket]


def dispatching(listener: socket.socket, workers: int) -> tuple[Dispatcher, list[int], list[Pair]]:
    """A dispatcher with `workers` attached channels (the supervisor's end first in each pair)."""
    slots = [0] * (Loads.SLOTS * workers)
    dispatcher = Dispatcher(listener, slots, workers)
    pairs = [socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM) for _ in range(workers)]
    for i, (ours, _) in enumerate(pairs):
        dispatcher.attach(i, ours)
    return dispatcher, slots, pairs


def test_a_burst_is_spread_evenly_before_any_worker_reports(listener: socket.socket) -> None:
    dispatcher, _, pairs = dispatching(listener, 2)
    clients = connect_and_hand(listener, dispatcher, 32)
    got = [received(theirs) for _, theirs in pairs]
    assert [len(g) for g in got] == [16, 16]
    # a handed descriptor is the client's connection: the first went to worker 0 (ties: lowest index)
    clients[0].sendall(b"ping")
    got[0][0].settimeout(5)
    assert got[0][0].recv(4) == b"ping"
    for s in clients + got[0] + got[1]:
        s.close()
    for ours, theirs in pairs:
        ours.close()
        theirs.close()


def test_the_worker_with_fewer_open_connections_gets_the_next(listener: socket.socket) -> None:
    dispatcher, slots, pairs = dispatching(listener, 2)
    Loads(slots, 0).publish(received=0, open_now=5)  # worker 0 is still busy with five clients
    clients = connect_and_hand(listener, dispatcher, 7)
    got = [received(theirs) for _, theirs in pairs]
    assert [len(g) for g in got] == [1, 6]  # worker 1 catches up to six, then they alternate
    for s in clients + got[0] + got[1]:
        s.close()


def test_a_gone_worker_is_skipped(listener: socket.socket) -> None:
    dispatcher, _, (first, second) = dispatching(listener, 2)
    first[1].close()  # worker 0 died: sending to its channel fails
    clients = connect_and_hand(listener, dispatcher, 3)
    assert len(received(second[1])) == 3
    assert dispatcher.channels[0] is None
    for s in clients:
        s.close()


def test_a_worker_that_takes_nothing_is_passed_over_not_dropped(
    listener: socket.socket, monkeypatch: pytest.MonkeyPatch
) -> None:
    import assistant.handoff as handoff

    monkeypatch.setattr(handoff, "SEND_TIMEOUT_S", 0.05)
    dispatcher, slots, (stuck, fine) = dispatching(listener, 2)
    stuck[0].setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
    Loads(slots, 1).publish(received=0, open_now=1000)  # worker 1 looks busy: 0 is always tried first
    clients = connect_and_hand(listener, dispatcher, 60)  # worker 0 never reads: its buffer fills
    to_stuck, to_fine = dispatcher.handed
    assert to_stuck > 0 and to_fine > 0 and to_stuck + to_fine == 60
    assert dispatcher.channels[0] is not None  # still attached: it may catch up
    for s in clients + received(stuck[1]) + received(fine[1]):
        s.close()


def test_the_accept_thread_survives_a_failed_hand_over(listener: socket.socket) -> None:
    dispatcher, _, [(_, theirs)] = dispatching(listener, 1)
    calls = 0
    real_hand = dispatcher.hand

    def flaky(conn: socket.socket) -> bool:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("boom")
        return real_hand(conn)

    dispatcher.hand = flaky  # type: ignore[method-assign]
    dispatcher.start()
    try:
        first = socket.create_connection(listener.getsockname())
        second = socket.create_connection(listener.getsockname())
        theirs.settimeout(5)
        _, fds, _, _ = socket.recv_fds(theirs, 16, 8)
        assert len(fds) == 1 and calls == 2  # the first was dropped, the second handed over
        socket.socket(fileno=fds[0]).close()
        first.close()
        second.close()
    finally:
        dispatcher.stop()
        theirs.close()


class Recorded(list[int]):
    """Slots that note the order in which they are written and read."""

    def __init__(self, n: int) -> None:
        super().__init__([0] * n)
        self.events: list[tuple[str, int]] = []

    def __setitem__(self, i: object, v: object) -> None:
        self.events.append(("set", i))  # type: ignore[arg-type]
        super().__setitem__(i, v)  # type: ignore[index, assignment]

    def __getitem__(self, i: object) -> object:
        self.events.append(("get", i))  # type: ignore[arg-type]
        return super().__getitem__(i)  # type: ignore[index]


def test_loads_are_written_and_read_so_that_a_torn_read_never_undercounts() -> None:
    slots = Recorded(2 * Loads.SLOTS)
    worker = Loads(slots, 1)  # type: ignore[arg-type]
    worker.handed = 5  # by the supervisor
    worker.publish(received=3, open_now=3)
    assert slots.events == [("set", 5), ("set", 4), ("set", 3)]  # handed; then open, then received
    slots.events.clear()
    assert worker.load() == 3 + 2
    assert slots.events[:2] == [("get", 3), ("get", 4)]  # received, then open


def two_workers(open_here: int, open_there: int, handed_there: int = 0) -> Loads:
    slots = [0] * (2 * Loads.SLOTS)
    there = Loads(slots, 1)
    there.handed = handed_there
    there.publish(received=0, open_now=open_there)
    here = Loads(slots, 0)
    here.publish(received=open_here, open_now=open_here)
    return here


def test_a_worker_is_crowded_with_two_more_connections_than_the_lightest_other() -> None:
    assert two_workers(18, 14).crowded(18)
    assert two_workers(17, 15).crowded(17)  # moving one makes 16/16
    assert not two_workers(16, 15).crowded(16)  # moving one would only swap the two
    assert not two_workers(16, 16).crowded(16)
    assert not two_workers(17, 15).crowded(17, moving=1)  # one already on its way: 16/16 then
    assert two_workers(24, 8).crowded(24, moving=7)  # 17 vs 15 once seven have moved
    assert not two_workers(24, 8).crowded(24, moving=8)
    assert not two_workers(16, 12, handed_there=3).crowded(16)  # three on their way there count: 16/15
    lone = Loads([0] * Loads.SLOTS, 0)
    assert not lone.crowded(100)  # no other worker to move to


def test_a_crowded_worker_asks_just_enough_connections_to_move(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    import assistant.handoff as handoff
    from assistant.handoff import HandOffServer, ReportingSet

    here = two_workers(24, 8)
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    server = HandOffServer(uvicorn.Config("x:app"), theirs, here)
    server.server_state.connections = ReportingSet(server._report)
    connections = [object() for _ in range(24)]
    for conn in connections:
        server.server_state.connections.add(conn)
    clock = [100.0]
    monkeypatch.setattr(handoff.time, "monotonic", lambda: clock[0])
    assert not any(server.close_after(conn) for conn in connections)  # it may be a passing lag
    clock[0] = 100.0 + handoff.SETTLE_S * 0.9
    assert not any(server.close_after(conn) for conn in connections)
    clock[0] = 100.0 + handoff.SETTLE_S * 1.1
    asked = [conn for conn in connections if server.close_after(conn)]
    assert len(asked) == 8  # 24/8 -> 16/16
    assert server.close_after(asked[0])  # asked once, asked again (a pipelined request)
    for conn in asked:  # they close; their clients are handed to the other worker
        server.server_state.connections.discard(conn)
        Loads(here.slots, 1).handed += 1
    assert not any(server.close_after(conn) for conn in server.server_state.connections)
    assert here.open == 16
    clock[0] += 10 * handoff.SETTLE_S
    assert not any(server.close_after(conn) for conn in server.server_state.connections)
    ours.close()
    theirs.close()
