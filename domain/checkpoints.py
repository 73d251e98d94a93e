"""SQLite's write-ahead log copied back into the database file from a thread of its own.

By default the connection whose commit takes the log past 1,000 pages runs the checkpoint: it
copies the pages back and syncs the database file to disk, inside that request, in the event loop's
thread. On this machine's disk a sync takes from a millisecond to a few hundred, and the whole worker
waits: logging sets at 32 clients, p99 went from 45 ms to 115 and then 520 ms as the store grew.
The app's connections therefore leave checkpoints alone (`wal_autocheckpoint=0`, domain/db.py) and
`Checkpointer` runs a passive checkpoint every half second on a connection of its own (SQLite does
the copying and syncing without holding Python's lock, so requests go on meanwhile). A passive
checkpoint never waits for readers or writers; what it cannot copy yet, the next one does.
"""

from __future__ import annotations

import logging
import sqlite3
import threading

log = logging.getLogger("spotter.store")


class Checkpointer:
    def __init__(self, database: str, every_s: float = 0.5) -> None:
        self.database, self.every_s = database, every_s
        self.last: tuple[int, int, int] | None = None  # busy, pages in the log, pages copied back
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="sqlite-checkpoint", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 10.0) -> None:
        """Stop after one last checkpoint."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout_s)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        try:
            conn = sqlite3.connect(self.database, timeout=5.0, isolation_level=None)
        except sqlite3.Error:
            log.exception("SQLite checkpoints cannot start; the write-ahead log will grow")
            return
        try:
            while not self._stop.wait(self.every_s):
                self._checkpoint(conn)
            self._checkpoint(conn)
        finally:
            conn.close()

    def _checkpoint(self, conn: sqlite3.Connection) -> None:
        try:
            busy, pages, copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            self.last = (busy, pages, copied)
        except sqlite3.Error:  # keep going: a later one may succeed, and the log is only longer
            log.exception("SQLite checkpoint failed")
