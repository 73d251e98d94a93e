"""SQLite's write-ahead log copied back into the database file from a thread of its own.

By default the connection whose commit takes the log past 1,000 pages runs the checkpoint: it
copies the pages back and syncs the database file to disk, inside that request, in the event loop's
thread. On this machine's disk a sync takes from a millisecond to a few hundred, and the whole worker
waits: logging sets at 32 clients, p99 went from 45 ms to 115 and then 520 ms as the store grew.
The app's connections therefore leave checkpoints alone (`wal_autocheckpoint=0`, domain/db.py) and
`Checkpointer` runs a passive checkpoint every half second on a connection of its own (SQLite does
the copying and syncing without holding Python's lock, so requests go on meanwhile). A passive
checkpoint never waits for readers or writers; what it cannot copy yet, the next one does.

Copying back is not enough to keep the log short: SQLite starts writing the log from its beginning
again only when a write begins with every page already copied back, and under a steady stream of
writes a new one always lands while a passive checkpoint is still at work. Logging sets
continuously, the log grew by 28 MB a second (566 MB in 20 s), and every commit extended the file
(the kernel zeroing each new block). So once the log holds `restart_pages` pages, a passive
checkpoint that copied every page is followed by a restarting one, which holds writers back while it
copies the few pages written since and syncs, until the readers are done with the log; the next
write then starts the log from its beginning, over the blocks already on disk. It waits at most
`RESTART_WAIT_S` for a writer or a reader to finish (then gives up until the next time), so a long
read (an export) never holds writes back longer than that.
"""

from __future__ import annotations

import logging
import sqlite3
import threading

log = logging.getLogger("spotter.store")

# About 16 MB of 4 KB pages: a few seconds of the heaviest logging measured, hours of a gym's.
RESTART_PAGES = 4096
RESTART_WAIT_S = 0.05


class Checkpointer:
    def __init__(self, database: str, every_s: float = 0.5, restart_pages: int = RESTART_PAGES) -> None:
        self.database, self.every_s, self.restart_pages = database, every_s, restart_pages
        self.last: tuple[int, int, int] | None = None  # busy, pages in the log, pages copied back
        self.restarts = 0  # restarting checkpoints that completed
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
            # How long a restart may wait for the writer's lock and for readers (passive ones never wait).
            conn = sqlite3.connect(self.database, timeout=RESTART_WAIT_S, isolation_level=None)
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
            self.last = _, pages, copied = self._run_pragma(conn, "PASSIVE")
            if pages >= self.restart_pages and copied == pages:  # else a reader holds old pages: later
                busy, _, _ = self._run_pragma(conn, "RESTART")
                self.restarts += not busy
        except sqlite3.Error:  # keep going: a later one may succeed, and the log is only longer
            log.exception("SQLite checkpoint failed")

    @staticmethod
    def _run_pragma(conn: sqlite3.Connection, mode: str) -> tuple[int, int, int]:
        busy, pages, copied = conn.execute(f"PRAGMA wal_checkpoint({mode})").fetchone()
        return busy, pages, copied
