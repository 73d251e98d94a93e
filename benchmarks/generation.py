"""Workout generation and the language-model stack, measured without downloading anything.

    .venv/bin/python benchmarks/generation.py [--plans 300] [--set ../shared/eval/dev-utterances.jsonl]

1. The planner and its validator: p50/p99 of one plan + check over random requests and histories.
2. What the model path costs to carry: distributions instructor and openai bring in (and how many
   nothing else of Spotter needs), and their import time in a fresh interpreter (best of 5).
Times are CPU time (time.process_time): this machine is shared, and CPU time holds still under load.

3. What spaCy's Matcher could replace in the grammar: the share of parse time spent splitting words
   and matching exercise phrases (the parts a tokenizer and a PhraseMatcher do), over the dev set.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def planner(n: int) -> None:
    from domain.catalog import load_entries
    from domain.movements import BODY_PARTS, PATTERNS, Limits
    from domain.plan_check import violations
    from domain.planner import EQUIPMENT, GOALS, LEVELS, MUSCLES, TARGET_WORDS, History, Request, plan
    from domain.progression import TopSet

    entries = load_entries()
    by_slug = {e.slug: e for e in entries}
    rng = random.Random(7)
    times = []
    for _ in range(n):
        lifts = rng.sample(sorted(by_slug), 8)
        tops = {
            s: tuple(TopSet(date(2026, 11, 1) + timedelta(days=7 * i), 60 + 5 * i, 5, 8.0) for i in range(4))
            for s in lifts
        }
        history = History(tops, {m: rng.randint(0, 12) for m in rng.sample(sorted(MUSCLES), 3)}, "kg")
        limits = Limits(
            frozenset(rng.sample(sorted(by_slug), 3)),
            frozenset(rng.sample(PATTERNS, 1)),
            frozenset(rng.sample(sorted(BODY_PARTS), 1)),
        )
        request = Request(
            rng.randint(10, 120),
            tuple(rng.sample(sorted(w for w in TARGET_WORDS if w != "cardio"), rng.randint(0, 2))),
            tuple(rng.sample(sorted(EQUIPMENT), rng.randint(0, 3))),
            rng.choice(sorted(GOALS)),
            rng.choice(sorted(LEVELS)),
            limits,
        )
        t0 = time.process_time()
        made = plan(entries, request, history)
        assert violations(made, request, history, by_slug) == []
        times.append((time.process_time() - t0) * 1000)
    times.sort()
    print(f"planner+check: {n} plans, p50 {statistics.median(times):.2f} ms, p99 {times[int(n * 0.99) - 1]:.2f} ms")


def closure(names: list[str]) -> set[str]:
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop().lower().replace("_", "-")
        if name in seen:
            continue
        try:
            reqs = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue
        seen.add(name)
        for r in reqs:
            if "extra ==" in r:
                continue
            todo.append(re.split(r"[ ;<>=!~\[(]", r, maxsplit=1)[0])
    return seen


def dependencies() -> None:
    ours = [
        re.split(r"[ ;<>=!~\[]", r, maxsplit=1)[0] for r in metadata.requires("spotter") or [] if "extra ==" not in r
    ]
    llm = closure(["instructor", "openai"])
    rest = closure([d for d in ours if d not in ("instructor", "openai")])
    print(
        f"instructor + openai: {len(llm)} distributions, {len(llm - rest)} needed by nothing else: {sorted(llm - rest)}"
    )
    print(f"  of which instructor's own, beyond openai's: {sorted(llm - closure(['openai']) - rest)}")


def import_time(statement: str, runs: int = 5) -> float:
    code = f"import time; t=time.process_time(); {statement}; print(time.process_time()-t)"
    out = [
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
        for _ in range(runs)
    ]
    return min(out)


def imports() -> None:
    """instructor loads lazily: touching `from_openai` loads what a call needs."""
    for statement in ("import openai", "import instructor; instructor.from_openai", "import intents"):
        print(f"{statement}: {import_time(statement) * 1000:.0f} ms CPU (best of 5, fresh interpreter)")
    both = "import intents, intents.model; intents.model.instructor.from_openai"
    print(f"{both}: {import_time(both) * 1000:.0f} ms CPU")


def grammar(path: Path, rounds: int = 20) -> None:
    import json

    from intents import Parser
    from intents.normalize import words
    from intents.numbers import Tok

    parser = Parser()
    texts = [json.loads(line)["text"] for line in path.read_text().splitlines() if line.strip()]
    for t in texts:
        parser.parse(t)

    def timed(fn: object) -> float:
        t0 = time.process_time()
        for _ in range(rounds):
            for t in texts:
                fn(t)  # type: ignore[operator]
        return (time.process_time() - t0) / (rounds * len(texts)) * 1000

    total = timed(parser.parse)
    split = timed(lambda t: words(t[:2000]))
    tag = timed(lambda t: parser.resolver.tag([Tok(w) for w in words(t[:2000])]))
    print(f"grammar: {total:.3f} ms per utterance; word splitting {split:.3f} ms ({split / total:.0%}),")
    share = f"{tag:.3f} ms ({tag / total:.0%})"
    print(f"  splitting + exercise phrase matching {share}: the most a spaCy Matcher could replace")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--plans", type=int, default=300)
    ap.add_argument("--set", default=str(ROOT.parent / "shared" / "eval" / "dev-utterances.jsonl"))
    a = ap.parse_args()
    planner(a.plans)
    dependencies()
    imports()
    if Path(a.set).exists():
        grammar(Path(a.set))
    try:
        import spacy  # noqa: F401
    except ImportError:
        print("spaCy: not installed (and not downloaded here): its import time and matcher speed are not measured")


if __name__ == "__main__":
    main()
