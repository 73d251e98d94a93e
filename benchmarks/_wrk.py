"""Load from wrk (a C client, `apt-get install wrk`) instead of the Python loop, when it is installed.

wrk keeps `concurrency` keep-alive connections busy from one thread, sending each connection's next
request as soon as its answer is in (a closed loop, as the Python client does), and times every
request in C: the client's own CPU and scheduling (a Python loop serving 32 sockets on the same two
cores) stay out of the figures. The requests are the same raw bytes, taken in turn from the list
(one per lifter), so 32 lifters still log, list and search at once.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK {"requests": %d, "seconds": %f, "p50_us": %d, "p95_us": %d, "p99_us": %d, '
    .. '"bad_status": %d, "io_errors": %d}\\n', summary.requests, summary.duration / 1e6, latency:percentile(50),
    latency:percentile(95), latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout))
end
"""


def available() -> bool:
    return shutil.which("wrk") is not None


def lua_string(raw: bytes) -> str:
    return '"' + "".join(f"\\{b}" for b in raw) + '"'


def script(raws: list[bytes]) -> str:
    items = ",\n  ".join(lua_string(r) for r in raws)
    return (
        f"local reqs = {{\n  {items}\n}}\nlocal i = 0\n"
        "request = function()\n  i = i % #reqs + 1\n  return reqs[i]\nend\n" + DONE
    )


def measure(base: str, raws: list[bytes], concurrency: int, seconds: float) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "requests.lua"
        path.write_text(script(raws))
        cmd = [
            "wrk",
            "-t1",
            f"-c{concurrency}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "10s",
            "-s",
            str(path),
            base,
        ]
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("WRK "))
    r = json.loads(line[4:])
    return {
        "rps": r["requests"] / r["seconds"],
        "p50_ms": r["p50_us"] / 1000,
        "p95_ms": r["p95_us"] / 1000,
        "p99_ms": r["p99_us"] / 1000,
        "n": r["requests"],
        "errors": r["bad_status"] + r["io_errors"],
    }
