"""The initial prompt that biases Whisper toward gym words: lift names and how lifters say numbers."""

from __future__ import annotations

from collections.abc import Iterable

PHRASING = (
    "bench 3x8 at 135, squat 2 plates for 5, deadlift 405 for a single, 12 kgs, 225 lbs, RPE 8, "
    "2 in the tank, same again, scratch that, rest 2 minutes, start a workout."
)


def build_prompt(exercise_names: Iterable[str], limit: int = 40) -> str:
    """Short enough to cost little decoding time; the names first, then typical phrasing."""
    names = list(dict.fromkeys(n.strip() for n in exercise_names if n.strip()))[:limit]
    return "Workout log: " + ", ".join(names) + ". " + PHRASING
