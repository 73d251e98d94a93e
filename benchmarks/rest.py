"""REST throughput and latency against a running server on loopback.

    .venv/bin/python benchmarks/rest.py                      # SQLite under a temp dir, 2 workers
    .venv/bin/python benchmarks/rest.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench --reset

For each scenario (list 20 sets, log one set, search exercises) and each concurrency (1, 8, 32),
keeps that many requests in flight for --seconds (closed loop: each client sends its next request
when the answer to the last one is in) and reports requests/s, p50 and p95 latency. Each client is
its own lifter with their own workout of 20 sets, as 32 people logging at once would be
(`--one-lifter` sends every client's requests for the same lifter and workout instead). The server runs
in its own processes (`python -m assistant serve --workers N`); the client is a small keep-alive
HTTP/1.1 loop on raw sockets in this process, so that it leaves the two cores to the server (an
httpx client spent more CPU per request than the endpoints it measured).

With `--database-url` the store is the one given: tables are created if missing and the benchmark's
lifters are added to what is there, so the sets table grows from run to run. `--reset` empties that
database first (drops and recreates its public schema): use it on a database kept for benchmarks.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))
import _wrk
from _server import ROOT, running_server

from domain import migrate


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: bytes = b""

    def encode(self, host: str, headers: dict[str, str]) -> bytes:
        lines = [f"{self.method} {self.path} HTTP/1.1", f"Host: {host}", *(f"{k}: {v}" for k, v in headers.items())]
        if self.body or self.method in ("POST", "PUT", "PATCH"):
            lines += ["Content-Type: application/json", f"Content-Length: {len(self.body)}"]
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + self.body


class Connection:
    """One keep-alive HTTP/1.1 connection: send a request, read the status and the whole body."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, host: str, port: int) -> Connection:
        return cls(*await asyncio.open_connection(host, port))

    async def send(self, raw: bytes) -> tuple[int, bytes]:
        self.writer.write(raw)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        body = await self.reader.readexactly(length) if length else b""
        return status, body

    def close(self) -> None:
        self.writer.close()


async def call(base: str, method: str, path: str, body: object = None, headers: dict[str, str] | None = None) -> object:
    url = urlsplit(base)
    conn = await Connection.open(url.hostname or "127.0.0.1", url.port or 80)
    try:
        raw = Request(method, path, json.dumps(body).encode() if body is not None else b"").encode(
            url.netloc, headers or {}
        )
        status, answer = await conn.send(raw)
        if status >= 400:
            raise RuntimeError(f"{method} {path}: {status} {answer[:200]!r}")
        return json.loads(answer) if answer else None
    finally:
        conn.close()


async def lifter(base: str) -> tuple[dict[str, str], str]:
    email = f"bench-{uuid.uuid4().hex[:8]}@example.com"
    tokens = await call(base, "POST", "/api/v1/auth/register", {"email": email, "password": "benchmark-password"})
    assert isinstance(tokens, dict)
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    workout = await call(base, "POST", "/api/v1/workouts/start", headers=headers)
    assert isinstance(workout, dict)
    sets = {"exercise": "barbell-bench-press", "sets": 20, "reps": 8, "weight": 135}
    await call(base, "POST", f"/api/v1/workouts/{workout['id']}/sets", sets, headers)
    return headers, str(workout["id"])


async def measure(base: str, raws: list[bytes], concurrency: int, seconds: float) -> dict[str, Any]:
    url = urlsplit(base)
    conns = [await Connection.open(url.hostname or "127.0.0.1", url.port or 80) for _ in range(concurrency)]
    for i, conn in enumerate(conns):  # warm each connection (and the server) once
        await conn.send(raws[i % len(raws)])
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def client(conn: Connection, raw: bytes) -> None:
        nonlocal errors
        while time.perf_counter() < deadline:
            t0 = time.perf_counter()
            status, _ = await conn.send(raw)
            latencies.append(time.perf_counter() - t0)
            errors += status >= 400

    started, cpu_before = time.perf_counter(), cpu_times()
    await asyncio.gather(*(client(c, raws[i % len(raws)]) for i, c in enumerate(conns)))
    elapsed, cpu_after = time.perf_counter() - started, cpu_times()
    for conn in conns:
        conn.close()
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(0.95 * (len(latencies) - 1))] * 1000,
        "p99_ms": latencies[int(0.99 * (len(latencies) - 1))] * 1000,
        "n": len(latencies),
        "errors": errors,
        "steal_pct": steal_pct(cpu_before, cpu_after),
    }


def cpu_times() -> list[int] | None:
    """The machine's CPU time counters (Linux /proc/stat), to tell how much the host took back."""
    try:
        with open("/proc/stat") as f:
            return [int(v) for v in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None


def steal_pct(before: list[int] | None, after: list[int] | None) -> float | None:
    """Share of CPU time the hypervisor gave to other guests meanwhile ("steal", the 8th field)."""
    if not before or not after or len(before) < 8:
        return None
    spent = [b - a for a, b in zip(before, after, strict=True)]
    return 100.0 * spent[7] / max(1, sum(spent))


def busy_ms(before: list[int] | None, after: list[int] | None) -> float | None:
    """CPU time the whole machine spent working meanwhile (user, nice, system, irq, softirq: the
    server, PostgreSQL, the client and the kernel for them all), in milliseconds."""
    if not before or not after or len(before) < 7:
        return None
    spent = [b - a for a, b in zip(before, after, strict=True)]
    return 1000.0 * (spent[0] + spent[1] + spent[2] + spent[5] + spent[6]) / os.sysconf("SC_CLK_TCK")


def scenarios(headers: dict[str, str], workout_id: str, host: str) -> dict[str, bytes]:
    requests = {
        "list 20 sets": Request("GET", f"/api/v1/workouts/{workout_id}/sets?limit=20"),
        "log one set": Request(
            "POST",
            f"/api/v1/workouts/{workout_id}/sets",
            json.dumps({"exercise": "barbell-back-squat", "reps": 5, "weight": 225}).encode(),
        ),
        "search exercises": Request("GET", "/api/v1/exercises?search=bech%20pres&limit=10"),
    }
    return {name: r.encode(host, headers) for name, r in requests.items()}


TARGET_P95_MS = 25.0


async def run(
    base: str,
    seconds: float,
    label: str,
    one_lifter: bool,
    only: list[str],
    levels: list[int],
    client: str,
    rounds: int = 1,
    database_url: str | None = None,
) -> list[dict[str, Any]]:
    """Every scenario at every level, `rounds` times over (the scenarios taken in turn, so that
    the machine's drift falls on all of them); a table row per measurement."""
    host = urlsplit(base).netloc
    lifters = [await lifter(base) for _ in range(1 if one_lifter else 32)]
    per_lifter = [scenarios(headers, workout_id, host) for headers, workout_id in lifters]
    names = [name for name in per_lifter[0] if not only or any(word in name for word in only)]
    results = []
    for round_no in range(rounds):
        if round_no and database_url:
            await vacuum_if_nobody_does(database_url)
        for name in names:
            raws = [s[name] for s in per_lifter]
            for concurrency in levels:
                if client == "wrk":
                    before = cpu_times()
                    m = _wrk.measure(base, raws, concurrency, seconds)
                    after = cpu_times()
                    m["steal_pct"] = steal_pct(before, after)
                    busy = busy_ms(before, after)
                    m["cpu_ms"] = None if busy is None else busy / max(1, m["n"])
                else:
                    m = await measure(base, raws, concurrency, seconds)
                steal = "–" if m["steal_pct"] is None else f"{m['steal_pct']:.0f}"
                cpu = "–" if m.get("cpu_ms") is None else f"{m['cpu_ms']:.2f}"
                print(
                    f"| {label} | {name} | {concurrency} | {m['rps']:.0f} | {m['p50_ms']:.1f} | {m['p95_ms']:.1f} "
                    f"| {m['p99_ms']:.1f} | {m['errors']} | {steal} | {cpu} |",
                    flush=True,
                )
                results.append({"name": name, "concurrency": concurrency, **m})
    return results


def summary(label: str, results: list[dict[str, Any]]) -> list[str]:
    """Per scenario and level over the rounds: req/s and p95 ranges, and in how many rounds p95 met
    the target."""
    rows = []
    for key in dict.fromkeys((r["name"], r["concurrency"]) for r in results):
        ms = [r for r in results if (r["name"], r["concurrency"]) == key]
        rps, p95 = [r["rps"] for r in ms], [r["p95_ms"] for r in ms]
        met = sum(p <= TARGET_P95_MS for p in p95)
        rows.append(
            f"| {label} | {key[0]} | {key[1]} | {min(rps):.0f}–{max(rps):.0f} | {min(p95):.1f}–{max(p95):.1f} "
            f"| {met}/{len(ms)} |"
        )
    return rows


async def vacuum_if_nobody_does(url: str) -> None:
    """VACUUM between rounds when the server's autovacuum is off (this machine's PostgreSQL): a
    deployment's autovacuum keeps the visibility map set, which index-only counts rely on; without
    it a run of rounds measures a store that a deployment never becomes (list fell 1,180 -> 670 req/s
    over three rounds)."""
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            if await conn.scalar(text("SHOW autovacuum")) == "off":
                await conn.execute(text("VACUUM (ANALYZE)"))
    finally:
        await engine.dispose()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--database-url", default=None)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--workers", type=int, default=2, help="server processes (the machine has 2 cores)")
    ap.add_argument("--one-lifter", action="store_true", help="every client as the same lifter, one workout")
    ap.add_argument("--only", nargs="*", default=[], help="scenarios whose name has one of these words (list, log...)")
    ap.add_argument("--concurrency", default="1,8,32", help="comma-separated client counts")
    ap.add_argument(
        "--client", choices=["auto", "wrk", "python"], default="auto", help="load generator (auto: wrk if installed)"
    )
    ap.add_argument("--reset", action="store_true", help="empty the --database-url database first (drops its tables)")
    ap.add_argument("--rounds", type=int, default=1, help="measure everything this many times, then sum up")
    ap.add_argument("--root", type=Path, default=None, help="serve from this checkout (another build, to compare)")
    a = ap.parse_args()
    if a.reset:
        if not a.database_url:
            ap.error("--reset empties a --database-url; SQLite runs on a fresh temp dir anyway")
        migrate.drop_everything(a.database_url)
    client = ("wrk" if _wrk.available() else "python") if a.client == "auto" else a.client
    label = ("PostgreSQL" if a.database_url and "postgres" in a.database_url else "SQLite") + f", {a.workers}w"
    label += ", one lifter" if a.one_lifter else ""
    label += f", {client}"
    print("| store | scenario | concurrency | req/s | p50 ms | p95 ms | p99 ms | errors | steal % | CPU ms/req |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    with running_server(a.database_url, a.workers, root=a.root or ROOT) as base:
        levels = [int(n) for n in a.concurrency.split(",")]
        results = asyncio.run(
            run(base, a.seconds, label, a.one_lifter, a.only, levels, client, a.rounds, a.database_url)
        )
    if a.rounds > 1:
        print(f"\n| store | scenario | concurrency | req/s | p95 ms | rounds with p95 ≤ {TARGET_P95_MS:.0f} ms |")
        print("|---|---|---|---|---|---|")
        print("\n".join(summary(label, results)))


if __name__ == "__main__":
    main()
