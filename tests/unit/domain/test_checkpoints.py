"""The write-ahead log is copied back by the checkpointer's thread, not by the app's connections."""

from __future__ import annotations

import sqlite3
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
