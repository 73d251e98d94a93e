"""Lifter slang for lifts (catalog aliases) in whole log phrases, plural and short forms alike."""

from __future__ import annotations

import pytest

from intents import Parser
from tests.unit.intents.conftest import only, subset


@pytest.mark.parametrize(
    ("said", "slug"),
    [
        ("deads", "deadlift"),
        ("deadies", "deadlift"),
        ("DLs", "deadlift"),
        ("conventional deads", "deadlift"),
        ("sumo deads", "sumo-deadlift"),
        ("trap bar deads", "trap-bar-deadlift"),
        ("hex bar deads", "trap-bar-deadlift"),
        ("romanian deads", "romanian-deadlift"),
        ("stiff legs", "romanian-deadlift"),
        ("stiff legged deadlifts", "romanian-deadlift"),
        ("R.D.L.s", "romanian-deadlift"),
        ("RDL's", "romanian-deadlift"),
        ("squats", "barbell-back-squat"),
        ("low bar squats", "barbell-back-squat"),
        ("high bar", "barbell-back-squat"),
        ("military", "overhead-press"),
        ("military press", "overhead-press"),
        ("O.H.P.", "overhead-press"),
        ("strict OHP", "overhead-press"),
        ("pendlays", "barbell-row"),
        ("bent overs", "barbell-row"),
        ("krocs", "dumbbell-row"),
        ("chins", "chin-up"),
        ("skulls", "skull-crusher"),
        ("skullies", "skull-crusher"),
        ("lying extensions", "skull-crusher"),
        ("tri pushdowns", "tricep-pushdown"),
        ("ez curls", "barbell-curl"),
        ("hammy curls", "leg-curl"),
        ("declines", "decline-barbell-bench-press"),
        ("incline DB", "incline-dumbbell-bench-press"),
        ("front raises", "front-dumbbell-raise"),
        ("farmers", "farmers-walk"),
        ("lunge walks", "walking-lunge"),
    ],
)
def test_slang_names_resolve(parser: Parser, said: str, slug: str) -> None:
    assert only(parser, f"{said} 3 sets of 8 at 50")["exercise"] == slug
    assert only(parser, f"2 sets of 5 on {said} at 60")["exercise"] == slug


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("315 lb deads for 12 reps", {"exercise": "deadlift", "weight": 315, "unit": "lb", "reps": 12, "sets": 1}),
        ("2 sets of 3 on deads at 225 lbs", {"exercise": "deadlift", "weight": 225, "unit": "lb", "reps": 3}),
        ("deads 405 for a single", {"exercise": "deadlift", "weight": 405, "reps": 1}),
        ("squats two plates for 5", {"exercise": "barbell-back-squat", "weight": 225, "reps": 5}),
        ("3 sets of 10 RDLs at 135", {"exercise": "romanian-deadlift", "weight": 135, "reps": 10, "sets": 3}),
        ("OHP 95 for 8", {"exercise": "overhead-press", "weight": 95, "reps": 8}),
        ("pulldowns 3 by 12 at 120", {"exercise": "lat-pulldown", "weight": 120, "reps": 12, "sets": 3}),
        ("curls with the 30s for 12", {"exercise": "dumbbell-curl", "weight": 30, "reps": 12}),
        ("skullcrushers 3x10 at 60", {"exercise": "skull-crusher", "weight": 60, "reps": 10, "sets": 3}),
        ("8 chins", {"exercise": "chin-up", "reps": 8, "bodyweight": True}),
        ("chins with 25 for 6", {"exercise": "chin-up", "reps": 6, "weight": 25, "added_weight": True}),
        ("hip thrusts 225 for 10", {"exercise": "hip-thrust", "weight": 225, "reps": 10}),
        ("pendlays 185 for 5", {"exercise": "barbell-row", "weight": 185, "reps": 5}),
    ],
)
def test_slang_in_whole_logs(parser: Parser, text: str, want: dict[str, object]) -> None:
    subset(only(parser, text), intent="log_sets", **want)


def test_a_word_for_rowing_or_riding_asks_which(parser: Parser) -> None:
    result = parser.parse("rode 2000 meters in 8 minutes")
    assert result.clarification is not None and result.clarification.missing == ["exercise"]
    assert set(result.clarification.options) == {"rowing-machine", "cycling"}


@pytest.mark.parametrize("said", ["rows", "raises", "press"])
def test_family_words_still_ask(parser: Parser, said: str) -> None:
    result = parser.parse(f"{said} 135 for 10")
    assert result.clarification is not None and result.clarification.missing == ["exercise"]
