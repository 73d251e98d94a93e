"""Device ingest: records per second for Health Connect pushes and an Apple Health export, and the
memory an export of a million samples takes while it streams.

- `hc`: POST /devices/health-connect/records, batches of 1,000 records (the most a push takes),
  through the app in this process, each batch its own lifter's next changes token.
- `parse`: the export read alone (channels/devices/apple_export.py: the check pass, then the
  mapping pass), no store: samples/s, and the peak of Python's allocations (tracemalloc) after a
  tenth, a third and all of the file: flat when the file streams.
- `apple`: POST /devices/apple-health/export of the same file to a finished job (check, then every
  record stored through the one write path): records/s, and the process's resident memory when
  the job was a tenth (100k of 1M samples), half and all through: flat when it streams.

The export (written to a temporary folder as the Health app lays it out: steps from a watch and a
phone, heart rate, sleep stages, weights, blood pressure, a run a day) has `--samples` records.

    .venv/bin/python benchmarks/ingest.py [--samples 1000000] [--hc-records 20000]
        [--database-url URL] [--only hc parse apple]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
import tracemalloc
import uuid
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.settings import Settings  # noqa: E402
from channels.devices import apple_export  # noqa: E402
from channels.http.app import create_app  # noqa: E402
from tests.fakes.apple_health import export_file  # noqa: E402

MB = 1024 * 1024


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / MB


def parse(path: Path, total: int) -> None:
    started = time.perf_counter()
    found = apple_export.check(path)
    checked = time.perf_counter() - started
    counts = apple_export.Counts()
    started = time.perf_counter()
    for _ in apple_export.batches(path, counts):
        pass
    mapped = time.perf_counter() - started
    print(
        f"parse: {found} records | check {found / checked:,.0f}/s ({checked:.1f} s) | "
        f"read and map {found / mapped:,.0f}/s ({mapped:.1f} s), {counts.mapped} mapped",
        flush=True,
    )
    tracemalloc.start()
    marks, peaks = {total // 10, total // 3}, []
    counts = apple_export.Counts()
    for _ in apple_export.batches(path, counts, size=2000):
        if marks and counts.seen >= min(marks):
            marks.discard(min(marks))
            peaks.append((counts.seen, tracemalloc.get_traced_memory()[1] / MB))
    peaks.append((counts.seen, tracemalloc.get_traced_memory()[1] / MB))
    tracemalloc.stop()
    print("parse: peak allocations " + ", ".join(f"{mb:.1f} MB after {n:,}" for n, mb in peaks), flush=True)


def settings(url: str, folder: str) -> Settings:
    return Settings(
        env="test",
        database_url=url,
        jwt_secret="benchmark-secret-" + "x" * 32,
        device_token_key="benchmark-device-key-" + "y" * 32,
        rate_limit="1000000/minute",
        auth_rate_limit="100000/minute",
        log_level="WARNING",
        argon2_time_cost=1,
        argon2_memory_kib=1024,
        device_upload_dir=os.path.join(folder, "uploads"),
        job_timeout_s=86_400,
        access_token_ttl_s=86_400,  # the import of a million samples outlasts a 15-minute token
    )


async def lifter(client: httpx.AsyncClient) -> dict[str, str]:
    body = {"email": f"bench-{uuid.uuid4().hex[:10]}@example.com", "password": "correct horse battery"}
    r = await client.post("/auth/register", json=body)
    r.raise_for_status()
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def hc_batch(n: int, first: int) -> list[dict[str, Any]]:
    kinds = ("Steps", "HeartRate", "HeartRateVariabilityRmssd", "RestingHeartRate")
    return [
        {
            "id": f"hc-{i}",
            "type": kinds[i % 4],
            "start_time": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:{i % 59:02d}Z",
            "value": 60 + i % 80,
        }
        for i in range(first, first + n)
    ]


async def health_connect(client: httpx.AsyncClient, records: int) -> None:
    headers = await lifter(client)
    token: str | None = None
    started = time.perf_counter()
    for n, first in enumerate(range(0, records, 1000)):
        body = {"changes_token": token, "next_changes_token": f"t{n}", "records": hc_batch(1000, first)}
        r = await client.post("/devices/health-connect/records", json=body, headers=headers)
        r.raise_for_status()
        token = f"t{n}"
    took = time.perf_counter() - started
    print(f"hc: {records:,} records in pushes of 1,000: {records / took:,.0f} records/s ({took:.1f} s)", flush=True)


async def apple(client: httpx.AsyncClient, path: Path) -> None:
    headers = await lifter(client)
    started = time.perf_counter()
    with path.open("rb") as f:
        r = await client.post("/devices/apple-health/export", files={"file": ("export.xml", f)}, headers=headers)
    r.raise_for_status()
    uploaded = time.perf_counter() - started
    marks, seen = [0.1, 0.5], []
    while True:
        polled = await client.get(f"/jobs/{r.json()['id']}", headers=headers)
        polled.raise_for_status()
        job = polled.json()
        if job["status"] in ("succeeded", "failed"):
            break
        if marks and job["progress"] >= 0.1 + 0.9 * marks[0]:
            seen.append((marks.pop(0), rss_mb()))
        await asyncio.sleep(0.5)
    took = time.perf_counter() - started
    if job["status"] != "succeeded":
        raise SystemExit(f"the import failed: {job['error']}")
    seen.append((1.0, rss_mb()))
    result = job["result"]
    print(
        f"apple: {result['records']:,} records ({result['stored']:,} rows written) in {took:.0f} s "
        f"(upload {uploaded:.1f} s): {result['records'] / took:,.0f} records/s | resident memory "
        + ", ".join(f"{mb:.0f} MB after ~{share * result['records']:,.0f} samples ({share:.0%})" for share, mb in seen),
        flush=True,
    )


async def main(url: str, folder: str, samples: int, hc_records: int, only: list[str]) -> None:
    path = Path(folder) / "export.xml"
    if "parse" in only or "apple" in only:
        started = time.perf_counter()
        export_file(path, samples)
        size = path.stat().st_size / MB
        print(f"export.xml: {samples:,} samples, {size:.0f} MB, written in {time.perf_counter() - started:.0f} s")
    if "parse" in only:
        parse(path, samples)
    if not {"hc", "apple"} & set(only):
        return
    app = create_app(settings(url, folder))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench/api/v1", timeout=600) as client:
            print(f"resident memory with the app started: {rss_mb():.0f} MB", flush=True)
            if "hc" in only:
                await health_connect(client, hc_records)
            if "apple" in only:
                await apple(client, path)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--database-url", help="default: a new SQLite file in a temporary folder")
    ap.add_argument("--samples", type=int, default=1_000_000)
    ap.add_argument("--hc-records", type=int, default=20_000)
    ap.add_argument("--only", nargs="+", default=["hc", "parse", "apple"], choices=["hc", "parse", "apple"])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite+aiosqlite:///{os.path.join(tmp, 'bench.db')}"
        asyncio.run(main(url, tmp, args.samples, args.hc_records, args.only))
