"""Parser speed over the shared dev set, in one process.

    .venv/bin/python benchmarks/parse.py [--set ../shared/eval/dev-utterances.jsonl] [--rounds 50]

Reports cold start (a fresh interpreter: import + first parse), p50 and p99 per utterance, and
utterances per second. Targets: p50 <= 0.5 ms, p99 <= 5 ms, cold start <= 1.5 s.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COLD = (
    "import time; t=time.perf_counter(); from intents import Parser; Parser().parse('bench 135 for 10'); "
    "print(time.perf_counter()-t)"
)


def cold_start(runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", COLD], cwd=ROOT, check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", default=str(ROOT.parent / "shared" / "eval" / "dev-utterances.jsonl"))
    ap.add_argument("--rounds", type=int, default=50)
    a = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from intents import Parser

    texts = [json.loads(line)["text"] for line in Path(a.set).read_text().splitlines() if line.strip()]
    parser = Parser()
    for t in texts:
        parser.parse(t)
    per: list[float] = []
    started = time.perf_counter()
    for _ in range(a.rounds):
        for t in texts:
            t0 = time.perf_counter()
            parser.parse(t)
            per.append((time.perf_counter() - t0) * 1000)
    wall = time.perf_counter() - started
    per.sort()
    p50, p99 = statistics.median(per), per[int(0.99 * (len(per) - 1))]
    cold = cold_start()
    print("| utterances | p50 ms | p99 ms | utterances/s | cold start s (process, import, first parse) |")
    print("|---|---|---|---|---|")
    print(f"| {len(texts)} x {a.rounds} | {p50:.3f} | {p99:.3f} | {len(per) / wall:.0f} | {cold:.2f} |")


if __name__ == "__main__":
    main()
