"""Limitations read from words: patterns, body parts to spare, lifts by name or by family word."""

from __future__ import annotations

import pytest

from domain.catalog import default_index
from intents import Parser
from intents.commands import GenerateWorkout
from intents.limitations import read

INDEX = default_index()


@pytest.mark.parametrize(
    ("text", "patterns", "parts"),
    [
        ("no overhead pressing", {"overhead_press"}, set()),
        ("nothing overhead, bad knee", {"overhead_press"}, {"knee"}),
        ("no deep knee flexion", {"deep_knee_flexion"}, set()),
        ("my shoulder hurts", set(), {"shoulder"}),
        ("nothing that loads the lower back", set(), {"lower back"}),
        ("no jumping and my left wrist is sore", {"jumping"}, {"wrist"}),
        ("my knee hurts when I squat", {"deep_knee_flexion"}, {"knee"}),
        ("tweaked my elbow", set(), {"elbow"}),
    ],
)
def test_patterns_and_body_parts(text: str, patterns: set[str], parts: set[str]) -> None:
    found = read(text, INDEX)
    assert set(found.patterns) == patterns and set(found.parts) == parts


def test_lifts_by_family_word_or_name() -> None:
    squats = read("no squats or lunges", INDEX).exercises
    assert {"barbell-back-squat", "front-squat", "walking-lunge", "goblet-squat"} <= squats
    assert "leg-press" not in squats
    assert {"deadlift", "romanian-deadlift", "sumo-deadlift"} <= read("avoid deadlifts", INDEX).exercises
    assert read("no bench press", INDEX).exercises == {"barbell-bench-press"}
    assert not read("upper body strength", INDEX)  # no cue, no limit
    assert read("knee, overhead pressing", INDEX, cued=False).parts == {"knee"}


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "make me a 45 minute upper body strength workout, no overhead pressing",
            {"minutes": 45, "focus": "upper body", "goal": "strength", "limitations": "no overhead pressing"},
        ),
        ("what should i do today", {"save": False, "limitations": None}),
        ("what should i train today and save it", {"save": True}),
        ("make me a workout, bad back", {"focus": None, "limitations": "bad back"}),
        ("make me a leg workout no equipment", {"equipment": ["bodyweight"], "limitations": None}),
        ("build a hypertrophy push workout, my left shoulder is sore", {"goal": "hypertrophy", "focus": "push"}),
    ],
)
def test_the_grammar_reads_goal_limits_and_saving(text: str, want: dict[str, object]) -> None:
    cmd = Parser(INDEX).parse(text).commands[0]
    assert isinstance(cmd, GenerateWorkout)
    assert {k: getattr(cmd, k) for k in want} == want
