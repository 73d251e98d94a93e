"""Builds the committed seed (`exercises.json`) from the core list and the public-domain data set.

Only facts are kept (names, muscles, equipment, category, level, mechanic, force); the data
set's instruction prose is not committed (see ../shared/catalog/README.md). Rebuild with:

    python -m domain.catalog.build ../shared/catalog/core-exercises.json ../shared/catalog/free-exercise-db.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from domain.catalog.aliases import CORE_ALIASES, CORE_SOURCE_IDS
from domain.catalog.normalize import slugify
from domain.catalog.own_exercises import OWN_EXERCISES

SEED_PATH = Path(__file__).with_name("exercises.json")

KIND_BY_EQUIPMENT = {
    "barbell": "barbell",
    "e-z curl bar": "barbell",
    "dumbbell": "dumbbell",
    "cable": "cable",
    "machine": "machine",
    "body only": "bodyweight",
    "kettlebells": "kettlebell",
    "bands": "band",
    "medicine ball": "other",
    "exercise ball": "other",
    "foam roll": "other",
    "other": "other",
}


def facts(src: dict[str, Any]) -> dict[str, Any]:
    return {
        "category": src.get("category"),
        "equipment": src.get("equipment"),
        "level": src.get("level"),
        "mechanic": src.get("mechanic"),
        "force": src.get("force"),
        "primary_muscles": list(src.get("primaryMuscles") or []),
        "secondary_muscles": list(src.get("secondaryMuscles") or []),
        "source_id": src.get("id"),
    }


def build(core: dict[str, Any], free: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_id = {e["id"]: e for e in free}
    used = set(CORE_SOURCE_IDS.values())
    out: list[dict[str, Any]] = []
    for item in core["exercises"]:
        src = by_id.get(CORE_SOURCE_IDS.get(item["slug"], ""), {})
        row = {
            "slug": item["slug"],
            "name": item["name"],
            "kind": item["kind"],
            "core": True,
            "aliases": CORE_ALIASES.get(item["slug"], []) + ([src["name"]] if src else []),
        }
        row.update(facts(src) if src else {"category": "cardio" if item["kind"] == "cardio" else "strength"})
        if item["kind"] == "cardio":
            row["category"] = "cardio"
        out.append(row)
    taken = {r["slug"] for r in out}
    for src in free:
        if src["id"] in used:
            continue
        slug = slugify(src["name"])
        if slug in taken:
            slug = slugify(src["id"])
        if slug in taken:
            continue
        taken.add(slug)
        kind = (
            "cardio"
            if src.get("category") == "cardio"
            else KIND_BY_EQUIPMENT.get(src.get("equipment") or "other", "other")
        )
        row = {"slug": slug, "name": src["name"], "kind": kind, "core": False, "aliases": []}
        row.update(facts(src))
        out.append(row)
    out.extend(dict(own) for own in OWN_EXERCISES if own["slug"] not in taken)
    return out


def main(argv: list[str]) -> None:
    core = json.loads(Path(argv[0]).read_text())
    free = json.loads(Path(argv[1]).read_text())
    rows = build(core, free)
    SEED_PATH.write_text(json.dumps(rows, indent=0, sort_keys=True) + "\n")
    print(f"wrote {len(rows)} exercises to {SEED_PATH}")


if __name__ == "__main__":
    main(sys.argv[1:])
