"""Movement patterns and the body parts they load, read from each catalog entry's name.

The catalog (free-exercise-db) names muscles, equipment and force but not movement patterns, so the
patterns a lifter can rule out ("no overhead pressing", "nothing with deep knee bends") and the body
parts to spare ("bad shoulder") are read here from the slug and name, once per entry. A body part
spares its patterns and the exercises whose primary muscles sit on it. Generation treats all of
these as hard constraints (domain/plan_check.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from domain.catalog import CatalogEntry

# pattern -> what in a slug or name says it (word boundaries; `-` reads as a space)
PATTERN_WORDS: dict[str, str] = {
    "overhead_press": r"overhead press|shoulder press|military|push press|arnold|jerk|handstand|pike push|"
    r"clean and press|thruster|z press|bradford|behind the neck press|log lift|circus bell",
    "overhead": r"overhead|over ?head|above head|get up|snatch|pullover|jerk|handstand|french press|behind the neck|"
    r"arnold|military|thruster",
    "deep_knee_flexion": r"squat|lunge|split|pistol|leg press|hack|sissy|step ?up|thruster|wall sit|clean|snatch",
    "hip_hinge": r"deadlift|romanian|rdl|good ?morning|swing|stiff|clean|snatch|rack pull|hyperextension|"
    r"back extension|pull through",
    "spinal_loading": r"(barbell|back|front|box|zercher|overhead) squat|deadlift|good ?morning|"
    r"(barbell|bent over|pendlay|t bar|yates) row|military|overhead press|push press|clean|snatch|jerk|"
    r"rack pull|shrug|farmer|yoke|atlas|tire|log lift|keg|axle",
    "jumping": r"jump|hop|bound|burpee|skater|skip|sprint|running|box jump|depth",
    "dip": r"\bdips?\b|bench dip",
    "upright_row": r"upright row",
    "hanging": r"pull ?up|chin ?up|muscle up|hanging|toes to bar",
    "front_rack": r"front squat|clean|front rack|zercher",
}
# body part -> the patterns and primary muscles sparing it rules out
BODY_PARTS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "shoulder": (frozenset({"overhead_press", "overhead", "dip", "upright_row"}), frozenset({"shoulders"})),
    "knee": (frozenset({"deep_knee_flexion", "jumping"}), frozenset({"quadriceps"})),
    "lower back": (frozenset({"hip_hinge", "spinal_loading"}), frozenset({"lower back"})),
    "hip": (frozenset({"deep_knee_flexion", "hip_hinge"}), frozenset({"adductors", "abductors", "glutes"})),
    "elbow": (frozenset({"dip"}), frozenset({"triceps", "biceps", "forearms"})),
    "wrist": (frozenset({"front_rack"}), frozenset({"forearms"})),
    "ankle": (frozenset({"jumping"}), frozenset({"calves"})),
    "neck": (frozenset({"spinal_loading"}), frozenset({"neck", "traps"})),
}
PATTERNS = tuple(PATTERN_WORDS)
_COMPILED = {p: re.compile(rf"\b({words})") for p, words in PATTERN_WORDS.items()}


@lru_cache(maxsize=4096)
def _patterns_of(text: str) -> frozenset[str]:
    return frozenset(p for p, rx in _COMPILED.items() if rx.search(text))


_NOT_OVERHEAD = re.compile(r"\b(bench|incline|decline|floor|chest|close grip|fly|lying)\b")


def patterns(entry: CatalogEntry) -> frozenset[str]:
    """The movement patterns an exercise trains: named ones, a shoulder-first press (pressing overhead
    unless it is a bench, incline or floor press) and jumping for the plyometrics category."""
    text = f"{entry.slug.replace('-', ' ')} {entry.name.lower().replace('-', ' ')}"
    found = set(_patterns_of(text))
    if "shoulders" in entry.primary_muscles and "press" in text and not _NOT_OVERHEAD.search(text):
        found |= {"overhead_press", "overhead"}
    if entry.category == "plyometrics":
        found.add("jumping")
    return frozenset(found)


@dataclass(frozen=True)
class Limits:
    """What a lifter must not do: exercises by slug, movement patterns, body parts to spare."""

    exercises: frozenset[str] = frozenset()
    patterns: frozenset[str] = frozenset()
    parts: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.exercises or self.patterns or self.parts)

    def merged(self, other: Limits) -> Limits:
        return Limits(self.exercises | other.exercises, self.patterns | other.patterns, self.parts | other.parts)

    def ruled_out(self) -> tuple[frozenset[str], frozenset[str]]:
        """The patterns and primary muscles these limits rule out."""
        pats, muscles = set(self.patterns), set[str]()
        for part in self.parts:
            p, m = BODY_PARTS[part]
            pats |= p
            muscles |= m
        return frozenset(pats), frozenset(muscles)

    def why_not(self, entry: CatalogEntry) -> str | None:
        """Why the exercise breaks these limits (None: it keeps them)."""
        if entry.slug in self.exercises:
            return f"{entry.slug} was ruled out by name"
        for pattern in sorted(patterns(entry) & self.patterns):
            return f"{entry.slug} is {pattern.replace('_', ' ')}, which was ruled out"
        for part in sorted(self.parts):
            pats, muscles = BODY_PARTS[part]
            hit = sorted(patterns(entry) & pats) + sorted(set(entry.primary_muscles) & muscles)
            if hit:
                return f"{entry.slug} loads the {part} ({hit[0].replace('_', ' ')}), which is to be spared"
        return None

    def as_lists(self) -> dict[str, list[str]]:
        return {"exercises": sorted(self.exercises), "patterns": sorted(self.patterns), "spare": sorted(self.parts)}


def allowed(entries: Iterable[CatalogEntry], limits: Limits) -> list[CatalogEntry]:
    return [e for e in entries if limits.why_not(e) is None]
