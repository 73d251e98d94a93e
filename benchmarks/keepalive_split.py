"""How keep-alive clients spread over the workers of `python -m assistant serve --workers N`.

    .venv/bin/python benchmarks/keepalive_split.py                 # 2 workers, 32 clients, 5 runs
    .venv/bin/python benchmarks/keepalive_split.py --runs 10 --path /readyz

Each run is what a benchmark scenario does: 32 keep-alive connections opened at once by wrk, busy
for --seconds, then closed, and the next run right after. Midway through each run the connections
each worker holds are counted (Linux: the workers' socket descriptors in /proc matched against the
established connections in /proc/net/tcp), and each worker's CPU time over the run is read. The
workers share one listening socket: whichever wakes first accepts what is queued, so the split is
whatever the scheduler made of the burst. Needs wrk (`apt-get install wrk`) and Linux.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def workers_of(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, ppid = stat.read_text().rsplit(")", 1)[1].split()[:2]
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(ppid) == pid and state != "Z" and b"spawn_main" in cmdline:
            found.append(int(stat.parent.name))
    return sorted(found)


def established_to(port: int) -> set[str]:
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "01":
                inodes.add(fields[9])
    return inodes


def held(pid: int, inodes: set[str]) -> int:
    count = 0
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        count += target.startswith("socket:[") and target[8:-1] in inodes
    return count


def cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def one_run(url: str, port: int, workers: list[int], clients: int, seconds: int) -> tuple[list[int], list[int], str]:
    """(connections held per worker, CPU ticks per worker, wrk's req/s, p50 and p99) for one run."""
    before = [cpu_ticks(w) for w in workers]
    cmd = ["wrk", "-t1", f"-c{clients}", f"-d{seconds}s", "--latency", url]
    wrk = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    time.sleep(seconds / 2)
    inodes = established_to(port)
    split = [held(w, inodes) for w in workers]
    out = wrk.communicate()[0].decode()
    ticks = [cpu_ticks(w) - b for w, b in zip(workers, before, strict=True)]
    found = [re.search(pattern, out) for pattern in (r"Requests/sec:\s+(\d+)", r" 50%\s+(\S+)", r" 99%\s+(\S+)")]
    return split, ticks, " | ".join(m.group(1) if m else "?" for m in found)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--seconds", type=int, default=3)
    ap.add_argument("--path", default="/healthz")
    a = ap.parse_args()
    if shutil.which("wrk") is None or not Path("/proc/net/tcp").exists():
        sys.exit("needs wrk and Linux /proc")
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "LOG_LEVEL": "WARNING", "DATABASE_URL": f"sqlite+aiosqlite:///{tmp}/split.db"}
        cmd = [sys.executable, "-m", "assistant", "serve", "--port", "0", "--workers", str(a.workers)]
        log = Path(tmp) / "server.log"
        server = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=log.open("wb"))
        try:
            assert server.stdout is not None
            base = re.search(rb"http://\S+", server.stdout.readline())
            assert base is not None, "the server printed no address"
            port = int(base.group(0).rsplit(b":", 1)[1])
            while log.read_text().count("Application startup complete") < a.workers:
                assert server.poll() is None, log.read_text()[-3000:]
                time.sleep(0.1)
            subprocess.run(["wrk", "-t1", "-c2", "-d2s", base.group(0).decode() + a.path], capture_output=True)
            workers = workers_of(server.pid)
            print("| run | connections per worker | CPU ticks per worker | req/s | p50 | p99 |")
            print("|---|---|---|---|---|---|")
            for run in range(1, a.runs + 1):
                split, ticks, wrk = one_run(base.group(0).decode() + a.path, port, workers, a.clients, a.seconds)
                print(f"| {run} | {'/'.join(map(str, split))} | {'/'.join(map(str, ticks))} | {wrk} |", flush=True)
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
