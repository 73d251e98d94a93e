"""The write-ahead log is copied back by the checkpointer's thread, not by the app's connections."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from domain.checkpoints import Checkpointer


def writer(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")  # as the app's connections are set up
    conn.execute("CREATE TABLE IF NOT EXISTS t (n INTEGER, pad TEXT)")
    return conn


def test_the_log_is_copied_back_in_the_background_and_once_more_on_stopping(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    conn = writer(path)
    for n in range(300):
        conn.execute("INSERT INTO t VALUES (?, ?)", (n, "x" * 500))
    assert (tmp_path / "store.db-wal").stat().st_size > 100_000  # nothing copied back by the writer
    checkpoints = Checkpointer(str(path), every_s=0.01)
    checkpoints.start()
    deadline = time.monotonic() + 10
    while (checkpoints.last is None or checkpoints.last[2] < checkpoints.last[1]) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert checkpoints.last is not None and checkpoints.last[1] > 0 and checkpoints.last[2] == checkpoints.last[1]
    checkpoints.every_s = 60.0  # from now on only the one on stopping
    time.sleep(0.05)
    checkpoints.last = None
    for n in range(50):
        conn.execute("INSERT INTO t VALUES (?, ?)", (n, "y" * 500))
    checkpoints.stop()
    assert not checkpoints.running
    assert checkpoints.last is not None  # one more on stopping
    _, pages, copied = checkpoints.last
    assert pages > 0 and copied == pages  # the last rows were copied back
    conn.close()


class SteadyWriter(threading.Thread):
    """Writes as requests come, a row every millisecond or so, until stopped; counts the rows and the
    slowest write."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path, self.written, self.slowest = path, 0, 0.0
        self.stop = threading.Event()

    def run(self) -> None:
        conn = writer(self.path)
        conn.execute("PRAGMA busy_timeout=5000")
        while not self.stop.is_set():
            started = time.monotonic()
            conn.execute("INSERT INTO t VALUES (?, ?)", (self.written, "z" * 2000))
            self.slowest = max(self.slowest, time.monotonic() - started)
            self.written += 1
            time.sleep(0.0005)
        conn.close()


def test_the_log_starts_over_under_a_steady_stream_of_writes(tmp_path: Path) -> None:
    """With passive checkpoints alone, a log written to steadily only ever grows."""
    path = tmp_path / "store.db"
    writer(path).close()
    steady = SteadyWriter(path)
    checkpoints = Checkpointer(str(path), every_s=0.02, restart_pages=50)
    checkpoints.start()
    steady.start()
    largest, deadline = 0, time.monotonic() + 20
    while (checkpoints.restarts < 5 or steady.written < 1000) and time.monotonic() < deadline:
        time.sleep(0.01)
        largest = max(largest, (tmp_path / "store.db-wal").stat().st_size)
    steady.stop.set()
    steady.join()
    checkpoints.stop()
    assert checkpoints.restarts >= 5
    # Every row written filled a page of the log at least: without restarts it would hold them all.
    assert largest < steady.written * 4096 / 4
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM t").fetchone()[0] == steady.written
    conn.close()


def test_a_long_read_never_holds_writes_back_for_long(tmp_path: Path) -> None:
    """A restart waits for readers while holding the writer's lock: only briefly, then it gives up."""
    path = tmp_path / "store.db"
    writer(path).close()
    steady = SteadyWriter(path)
    stop = steady.stop

    def read_slowly() -> None:  # an export: a read transaction open for a second at a time, then a pause
        conn = sqlite3.connect(path, isolation_level=None)
        while not stop.is_set():
            conn.execute("BEGIN")
            conn.execute("SELECT count(*) FROM t").fetchone()
            stop.wait(1.0)
            conn.execute("COMMIT")
            stop.wait(0.2)
        conn.close()

    checkpoints = Checkpointer(str(path), every_s=0.02, restart_pages=20)
    checkpoints.start()
    threads = [steady, threading.Thread(target=read_slowly)]
    for thread in threads:
        thread.start()
    time.sleep(3)
    stop.set()
    for thread in threads:
        thread.join()
    checkpoints.stop()
    assert checkpoints.restarts >= 1  # in the pauses between the long reads
    assert steady.slowest < 0.5  # a restart that waited out a whole read would have held writes for up to 1 s
