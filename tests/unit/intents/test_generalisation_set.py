"""The held-out-style check: utterances written for the families of issue 17 (slang, homophones,
repeats with counts, time ranges, feelings, planned sets, planning a lift, typed sets, corrections),
none of them taken from the shared dev set, each with the commands it must give. All must pass.

Matching as the shared scorer does: every expected field equal (numbers within 0.5%), log fields
not expected at their defaults (a note, too), a clarification only where one is expected.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from intents import Parser

SET = Path(__file__).parents[2] / "fixtures" / "utterances" / "generalisation.jsonl"
ITEMS = [json.loads(line) for line in SET.read_text().splitlines() if line.strip()]
LOG_DEFAULTS: dict[str, Any] = {
    "rpe": None,
    "rir": None,
    "duration_s": None,
    "distance_m": None,
    "set_type": "normal",
    "bodyweight": False,
    "added_weight": False,
    "note": None,
}


def mismatches(want: Any, got: Any, path: str = "") -> list[str]:
    if isinstance(want, dict) and "$has" in want:
        return [] if want["$has"] in (got or []) else [f"{path}: want {want['$has']!r} in {got!r}"]
    if isinstance(want, dict):
        if not isinstance(got, dict):
            return [f"{path}: want an object, got {got!r}"]
        out = [m for k, v in want.items() for m in mismatches(v, got.get(k), f"{path}.{k}")]
        if path.endswith("changes"):
            out += [f"{path}.{k}: not said, got {v!r}" for k, v in got.items() if k not in want and v is not None]
        return out
    if isinstance(want, int | float) and not isinstance(want, bool):
        ok = isinstance(got, int | float) and not isinstance(got, bool) and abs(got - want) <= max(0.01, 0.005 * want)
        return [] if ok else [f"{path}: want {want!r}, got {got!r}"]
    return [] if want == got else [f"{path}: want {want!r}, got {got!r}"]


def test_the_set_is_large_and_covers_every_family() -> None:
    assert len(ITEMS) >= 60
    assert {it["category"] for it in ITEMS} >= {"slang", "homophones", "repeat", "period", "feel", "complete", "plan"}


@pytest.mark.parametrize("item", ITEMS, ids=[it["id"] for it in ITEMS])
def test_utterance(parser: Parser, item: dict[str, Any]) -> None:
    got = parser.parse(item["text"]).to_json_dict()
    want = item["expect"]
    assert len(got["commands"]) == len(want["commands"]), got["commands"]
    errors: list[str] = []
    for k, (w, c) in enumerate(zip(want["commands"], got["commands"], strict=True)):
        errors += mismatches(w, c, f"commands[{k}]")
        if w["intent"] == "log_sets":
            errors += [
                f"commands[{k}].{f}: not said, got {c.get(f)!r}"
                for f, d in LOG_DEFAULTS.items()
                if f not in w and c.get(f) != d
            ]
    if "clarification" in want:
        errors += mismatches(want["clarification"], got["clarification"] or {}, "clarification")
    elif got["clarification"]:
        errors.append(f"clarification not wanted, got {got['clarification']!r}")
    assert not errors, (item["text"], errors)
