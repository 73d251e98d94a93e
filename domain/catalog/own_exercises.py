"""Common movements the public-domain data set lacks, described by us (facts only, no prose)."""

from __future__ import annotations

from typing import Any


def _own(slug: str, name: str, kind: str, category: str, muscles: list[str], **extra: Any) -> dict[str, Any]:
    equipment = {"bodyweight": "body only", "cardio": None}.get(kind, "other")
    return {
        "slug": slug,
        "name": name,
        "kind": kind,
        "core": False,
        "aliases": [],
        "category": category,
        "equipment": extra.pop("equipment", equipment),
        "level": "beginner",
        "mechanic": extra.pop("mechanic", "compound"),
        "force": extra.pop("force", None),
        "primary_muscles": muscles,
        "secondary_muscles": extra.pop("secondary", []),
        "source_id": None,
    }


OWN_EXERCISES: list[dict[str, Any]] = [
    _own("burpee", "Burpee", "bodyweight", "plyometrics", ["quadriceps"], secondary=["chest", "shoulders"]),
    _own("jumping-jack", "Jumping Jack", "bodyweight", "cardio", ["calves"], secondary=["shoulders"]),
    _own("wall-sit", "Wall Sit", "bodyweight", "strength", ["quadriceps"], mechanic="isolation", force="static"),
    _own("dead-hang", "Dead Hang", "bodyweight", "strength", ["forearms"], secondary=["lats"], force="static"),
    _own("side-plank", "Side Plank", "bodyweight", "strength", ["abdominals"], mechanic="isolation", force="static"),
    _own("hollow-hold", "Hollow Hold", "bodyweight", "strength", ["abdominals"], mechanic="isolation", force="static"),
    _own("l-sit", "L-Sit", "bodyweight", "strength", ["abdominals"], secondary=["triceps"], force="static"),
    _own("bird-dog", "Bird Dog", "bodyweight", "strength", ["lower back"], secondary=["glutes"]),
    _own("toes-to-bar", "Toes to Bar", "bodyweight", "strength", ["abdominals"], secondary=["lats"], force="pull"),
    _own("glute-bridge", "Glute Bridge", "bodyweight", "strength", ["glutes"], secondary=["hamstrings"], force="push"),
    _own("battle-ropes", "Battle Ropes", "cardio", "cardio", ["shoulders"], secondary=["forearms"], equipment="other"),
    _own(
        "wall-ball",
        "Wall Ball",
        "other",
        "plyometrics",
        ["quadriceps"],
        secondary=["shoulders"],
        equipment="medicine ball",
    ),
]
