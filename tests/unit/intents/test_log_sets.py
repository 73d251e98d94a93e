"""Logging phrases: one family per test, many phrasings, most of them not in the dev set."""

from __future__ import annotations

from typing import Any

import pytest

from intents import Parser
from intents.commands import LogSets
from tests.unit.intents.conftest import only, subset

SETS_BY_REPS = [
    ("bench 3 sets of 8 at 135", 3, 8, 135),
    ("bench 3x8 at 135", 3, 8, 135),
    ("bench three by eight at 135", 3, 8, 135),
    ("squat 5 by 5 at 225", 5, 5, 225),
    ("squat five sets of five two twenty five", 5, 5, 225),
    ("deadlift 1 x 5 at 405", 1, 5, 405),
    ("rows 4 sets 10 reps 135", 4, 10, 135),
    ("a set of 10 bench at 135", 1, 10, 135),
    ("two sets of twelve curls at thirty", 2, 12, 30),
    ("leg press 3 sets of 15 with 400", 3, 15, 400),
    ("bench 3 × 8 @ 135", 3, 8, 135),
    ("squat 225 x 5 x 3", 3, 5, 225),  # load x reps x sets
    ("squat 225x5x3", 3, 5, 225),
    ("bench 135 x 10 x 3 sets", 3, 10, 135),
    ("bench 135 times 8 times 3", 3, 8, 135),
]


@pytest.mark.parametrize(("text", "sets", "reps", "weight"), SETS_BY_REPS)
def test_sets_by_reps(parser: Parser, text: str, sets: int, reps: int, weight: float) -> None:
    subset(only(parser, text), sets=sets, reps=reps, weight=weight)


@pytest.mark.parametrize(
    ("text", "reps", "weight"),
    [
        ("bench 225 for 5", 5, 225),
        ("bench 135 times 8", 8, 135),
        ("bench eight reps at 135", 8, 135),
        ("squat 8 at 135", 8, 135),
        ("squat 315 for a triple", 3, 315),
        ("deadlift 405 for a single", 1, 405),
        ("bench 275 for a double", 2, 275),
        ("bench 225x5", 5, 225),
        ("squat 2 25 for 5", 5, 225),
        ("squat at 2 25 for 5", 5, 225),
        ("bench 2.25 for 5", 5, 225),
        ("squat 3.15 for 3", 3, 315),
        ("bench 1.35 for 10", 10, 135),
        ("dumbbell curls 22.5 for 10", 10, 22.5),
        ("bench 2.5 for 10", 10, 2.5),
        ("I benched 185 for 6", 6, 185),
        ("I squatted three fifteen for three", 3, 315),
    ],
)
def test_weight_for_reps(parser: Parser, text: str, reps: int, weight: float) -> None:
    subset(only(parser, text), reps=reps, weight=weight)


@pytest.mark.parametrize(
    ("text", "weight", "unit"),
    [
        ("squat two plates for five", 225, None),
        ("bench a plate for twelve", 135, None),
        ("deadlift four plates for 1", 405, None),
        ("squat three plates for 3", 315, None),
        ("squat two plates and a quarter for 3", 275, None),
        ("bench a plate and a quarter for 5", 185, None),
        ("squat two plates in kilos for 5", 100, "kg"),
        ("bench with the bar for 10", 45, None),
        ("squat empty bar 10 reps", 45, None),
        ("leg press 4 plates for 12", 360, None),
    ],
)
def test_plates_and_bars(parser: Parser, text: str, weight: float, unit: str | None) -> None:
    subset(only(parser, text), weight=weight, unit=unit)


def test_plates_follow_the_users_unit(parser: Parser) -> None:
    subset(only(parser, "squat two plates for 5", {"unit_pref": "kg"}), weight=100, unit=None)


@pytest.mark.parametrize(
    ("text", "unit", "weight"),
    [
        ("bench 100 kilos for 5", "kg", 100),
        ("bench 100 kg for 5", "kg", 100),
        ("bench 100kgs for 5", "kg", 100),
        ("bench 225 pounds for 5", "lb", 225),
        ("bench 225 lbs for 5", "lb", 225),
        ("bench 225lb for 5", "lb", 225),
        ("bench 225 for 5", None, 225),
    ],
)
def test_units(parser: Parser, text: str, unit: str | None, weight: float) -> None:
    subset(only(parser, text), unit=unit, weight=weight)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("bench 185 for 5 rpe 8", {"rpe": 8}),
        ("bench 185 for 5 at rpe 9.5", {"rpe": 9.5}),
        ("bench 185 for 5 at an eight", {"rpe": 8}),
        ("squat 225 for 5 rpe eight and a half", {"rpe": 8.5}),
        ("deadlift 315 for 5 two in the tank", {"rir": 2}),
        ("bench 185 for 5 with 2 reps in reserve", {"rir": 2}),
        ("bench 185 for 5, 1 rir", {"rir": 1}),
        ("bench 185 for 8 to failure", {"set_type": "failure"}),
        ("warm up set of squat 10 at 135", {"set_type": "warmup"}),
        ("drop set curls 25 for 12", {"set_type": "drop"}),
        ("amrap squat 185 for 12", {"set_type": "amrap"}),
    ],
)
def test_effort_and_set_types(parser: Parser, text: str, want: dict[str, Any]) -> None:
    subset(only(parser, text), **want)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("15 pull ups", {"reps": 15, "bodyweight": True, "weight": None}),
        ("pull-ups 3x10", {"sets": 3, "reps": 10, "bodyweight": True}),
        ("twenty push ups", {"reps": 20, "bodyweight": True}),
        ("pull ups with 25 for 6", {"weight": 25, "added_weight": True, "bodyweight": False}),
        ("weighted dips plus 45 for 8", {"weight": 45, "added_weight": True}),
        ("chin ups 3 sets of 8 with 10 kilos", {"weight": 10, "unit": "kg", "added_weight": True}),
    ],
)
def test_bodyweight(parser: Parser, text: str, want: dict[str, Any]) -> None:
    subset(only(parser, text), **want)


@pytest.mark.parametrize(
    ("text", "weight"),
    [
        ("dumbbell press with the 60s for 10", 60),
        ("dumbbell press with the sixties for ten", 60),
        ("lateral raises 3x15 with 20s", 20),
        ("walking lunges 3x12 with 40s", 40),
        ("dumbbell bench 80s for 8", 80),
        ("bicep curls 30s for 12", 30),
        ("curls 25s 3x12", 25),
        ("farmer carry 70s for 40 meters", 70),
        ("goblet squat 50s for 10", 50),
        ("curled the 35s for 10", 35),
    ],
)
def test_dumbbell_sizes(parser: Parser, text: str, weight: float) -> None:
    subset(only(parser, text), weight=weight, duration_s=None)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("plank 30s", 30),
        ("hold the plank for 45s", 45),
        ("kettlebell swings for 30s", 30),  # said after "for": a time, on any lift
        ("dead hang 40s", 40),
    ],
)
def test_seconds_stay_seconds(parser: Parser, text: str, seconds: float) -> None:
    subset(only(parser, text), duration_s=seconds, weight=None)


@pytest.mark.parametrize(
    ("text", "weight", "unit"),
    [
        ("overhead press bar plus 25s for 5", 95, None),  # a 25 on each side of a 45 lb bar
        ("overhead press the bar plus a 25 on each side for 5", 95, None),
        ("squat the bar and a 45 a side for 8", 135, None),
        ("bench the bar plus 10s for 8", 65, None),
        ("overhead press bar plus 25 for 5", 70, None),  # no side said: 25 in all
        ("bench bar plus 10 kg a side for 5", 40, "kg"),  # a 20 kg bar
    ],
)
def test_the_bar_plus_a_load(parser: Parser, text: str, weight: float, unit: str | None) -> None:
    subset(only(parser, text), weight=weight, unit=unit)


def test_the_bar_and_reps_is_not_a_load(parser: Parser) -> None:
    subset(only(parser, "bench the bar and 10 reps"), weight=45, reps=10)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("ran 5k in 25 minutes", {"exercise": "running", "distance_m": 5000, "duration_s": 1500}),
        ("ran 3 miles in 24 minutes", {"exercise": "running", "distance_m": 4828.032, "duration_s": 1440}),
        ("rowed 2k in 7:30", {"exercise": "rowing-machine", "distance_m": 2000, "duration_s": 450}),
        ("jump rope for 5 minutes", {"exercise": "jump-rope", "duration_s": 300}),
        ("cycled for 45 minutes", {"exercise": "cycling", "duration_s": 2700}),
        ("plank for 60 seconds", {"exercise": "plank", "duration_s": 60, "reps": None}),
        ("plank a minute and a half", {"exercise": "plank", "duration_s": 90}),
        ("ran 400 meters in 90 seconds", {"exercise": "running", "distance_m": 400, "duration_s": 90}),
    ],
)
def test_cardio_and_durations(parser: Parser, text: str, want: dict[str, Any]) -> None:
    result = parser.parse(text).to_json_dict()
    assert result["clarification"] is None
    subset(result["commands"][0], **want)


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("bench 3 sets of 8 at 135 then 2 sets of 5 at 155", 2),
        ("bench 3x8 at 135 and squat 5x5 at 225", 2),
        ("squat 5 sets of 5 at 225 then bench 3 sets of 8 at 185", 2),
        ("bench 135 for 10, 185 for 5, 225 for 2", 3),
    ],
)
def test_multi_command_utterances_carry_the_exercise(parser: Parser, text: str, count: int) -> None:
    cmds = parser.parse(text).to_json_dict()["commands"]
    assert len(cmds) == count
    assert all(c["intent"] == "log_sets" and c["exercise"] for c in cmds)
    if "squat" not in text:
        assert len({c["exercise"] for c in cmds}) == 1


@pytest.mark.parametrize(
    "text",
    [
        "okay so uh hey spotter log bench 135 for 10 please",
        "hey spotter bench 135 for 10",
        "um, bench, uh, 135 for 10",
        "please log bench 135 for 10",
    ],
)
def test_fillers_and_wake_words_are_ignored(parser: Parser, text: str) -> None:
    subset(only(parser, text), exercise="barbell-bench-press", weight=135, reps=10)


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        ("bench 135", "reps"),
        ("squat", "reps"),
        ("three sets of bench at one thirty five", "reps"),
        ("bench 2000 for 5", "weight"),
        ("bench 135 for 1000", "reps"),
        ("press 135 for 5", "exercise"),
    ],
)
def test_clarification_instead_of_guessing(parser: Parser, text: str, missing: str) -> None:
    result = parser.parse(text).to_json_dict()
    assert result["clarification"]["missing"] == [missing]
    assert result["clarification"]["question"].endswith("?")
    assert result["commands"][0]["intent"] == "log_sets"


def test_log_without_exercise_keeps_it_null(parser: Parser) -> None:
    subset(only(parser, "did 8"), exercise=None, reps=8)
    subset(only(parser, "another set of 8"), exercise=None, reps=8, sets=1)


def test_context_exercise_fills_a_bare_log(parser: Parser) -> None:
    subset(only(parser, "8 at 135", {"exercise": "deadlift"}), exercise="deadlift", reps=8, weight=135)


@pytest.mark.parametrize(
    ("heard", "want"),
    [
        ("Free sets of 5 Bulgarian split squat at 50.", {"sets": 3, "reps": 5, "exercise": "bulgarian-split-squat"}),
        ("12 full ups", {"reps": 12, "exercise": "pull-up"}),
        ("barbell curl, 2x320 kgs", {"sets": 2, "reps": 3, "weight": 20, "unit": "kg"}),
        ("Overhead press 1X12110KGS.", {"sets": 1, "reps": 12, "weight": 110, "unit": "kg"}),
        ("2 sets of 10 inclined bench at 185 lbs.", {"exercise": "incline-barbell-bench-press", "weight": 185}),
        ("2 sets on 15 dips", {"sets": 2, "reps": 15, "exercise": "dip"}),
        ("Deadlift 315 for 5, 2 in the tank.", {"weight": 315, "reps": 5, "rir": 2}),
        ("Hip thrust 6 at 335, RPE 7.", {"reps": 6, "weight": 335, "rpe": 7}),
    ],
)
def test_what_speech_to_text_writes(parser: Parser, heard: str, want: dict[str, Any]) -> None:
    subset(only(parser, heard), **want)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("did 3 sets of 12 lunges with 30 pound dumbbells", {"exercise": "walking-lunge", "sets": 3, "weight": 30}),
        ("20 bodyweight squats", {"exercise": "bodyweight-squat", "reps": 20, "bodyweight": True}),
        ("squat 2 plates and a 25 for 5", {"weight": 275, "reps": 5}),
        ("leg press 3 sets of 10 at 3 plates", {"exercise": "leg-press", "weight": 270, "sets": 3}),
        (
            "I just did 5 reps of deadlift at 140 kilos",
            {"exercise": "deadlift", "reps": 5, "weight": 140, "unit": "kg"},
        ),
        ("curls 3 sets 12 reps 30 pounds", {"sets": 3, "reps": 12, "weight": 30, "unit": "lb"}),
        ("rowed 500 meters in 1:45", {"exercise": "rowing-machine", "distance_m": 500, "duration_s": 105}),
    ],
)
def test_more_phrasings(parser: Parser, text: str, want: dict[str, Any]) -> None:
    subset(only(parser, text), **want)


@pytest.mark.parametrize("text", ["set an alarm for 7am", "call me back in 5", "remind me at 6 tomorrow"])
def test_numbers_in_other_talk_are_not_sets(parser: Parser, text: str) -> None:
    assert only(parser, text)["intent"] == "unknown"


def test_the_current_lift_and_load_carry_into_a_bare_set(parser: Parser) -> None:
    ctx = {"exercise": "barbell-bench-press", "last": {"reps": 10, "weight": 135, "unit": "lb"}}
    subset(only(parser, "another set of 8", ctx), exercise="barbell-bench-press", reps=8, weight=135, unit="lb")
    subset(only(parser, "did 6", ctx), reps=6, weight=135)
    subset(only(parser, "same weight for 6", ctx), reps=6, weight=135)
    subset(only(parser, "8 at 145", ctx), reps=8, weight=145)
    subset(only(parser, "squat 5", ctx), exercise="barbell-back-squat", weight=None)
    subset(only(parser, "another set of 8"), exercise=None, weight=None)  # no context: nothing invented


@pytest.mark.parametrize(
    ("text", "reps", "weight"),
    [
        ("pull-ups: 10, 8, 6", [10, 8, 6], None),
        ("dips 12 10 8", [12, 10, 8], None),
        ("squat 225 for 5, 5, 4", [5, 5, 4], 225),
        ("curls 25 for 12, 10", [12, 10], 25),
    ],
)
def test_a_list_of_rep_counts_is_a_set_each(parser: Parser, text: str, reps: list[int], weight: float | None) -> None:
    cmds = parser.parse(text).to_json_dict()["commands"]
    assert [c["reps"] for c in cmds] == reps and {c["weight"] for c in cmds} == {weight}
    assert len({c["exercise"] for c in cmds}) == 1


@pytest.mark.parametrize(
    ("said", "slug"),
    [
        ("shrugs", "barbell-shrug"),
        ("t bar rows", "t-bar-row-with-handle"),
        ("arnold press", "arnold-dumbbell-press"),
        ("close grip bench", "close-grip-barbell-bench-press"),
        ("pec deck", "butterfly"),
        ("trap bar deadlift", "trap-bar-deadlift"),
        ("hypers", "hyperextensions-back-extensions"),
    ],
)
def test_everyday_names_beyond_the_core_list(parser: Parser, said: str, slug: str) -> None:
    assert only(parser, f"{said} 3x10 at 100")["exercise"] == slug


def test_a_stray_number_before_the_reps_is_not_another_set(parser: Parser) -> None:
    assert len(parser.parse("1-2 sets of tricep pushdown, 10 reps, 12 kgs").commands) == 1


@pytest.mark.parametrize("said", ["2 more at 225", "3 more deadlift at 315", "two more squats at 225"])
def test_a_count_of_more_is_a_count_of_sets_never_dropped(parser: Parser, said: str) -> None:
    first = parser.parse(said).commands[0]
    assert isinstance(first, LogSets) and first.sets in (2, 3)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Okay, log squats. Five reps at two twenty-five.",
            {"exercise": "barbell-back-squat", "reps": 5, "weight": 225},
        ),
        ("Deadlift. 405. 1 rep.", {"exercise": "deadlift", "reps": 1, "weight": 405}),
        ("Bench press. Three sets of eight. At 185.", {"sets": 3, "reps": 8, "weight": 185}),
        ("Curls. 30 pounds. 12 reps.", {"exercise": "dumbbell-curl", "reps": 12, "weight": 30, "unit": "lb"}),
        ("Squat. 2 plates. 5 reps.", {"reps": 5, "weight": 225}),
    ],
)
def test_a_set_said_in_pieces_between_pauses_is_one_set(parser: Parser, text: str, want: dict[str, Any]) -> None:
    subset(only(parser, text), **want)


@pytest.mark.parametrize(
    ("text", "intents"),
    [
        ("Squat 225 for 5. Bench 135 for 10.", ["log_sets", "log_sets"]),
        ("Squat 225 for 5. 245 for 3.", ["log_sets", "log_sets"]),
        ("Squat. Rest 2 minutes.", ["log_sets", "start_rest"]),
        ("Done. Squat 225 for 5.", ["finish_workout", "log_sets"]),
        ("Bench 135 for 10. Undo.", ["log_sets", "undo_last"]),
    ],
)
def test_whole_sets_and_other_commands_stay_apart(parser: Parser, text: str, intents: list[str]) -> None:
    assert [c["intent"] for c in parser.parse(text).to_json_dict()["commands"]] == intents


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("3 sets of bench at 1:35.", {"weight": 135, "duration_s": None}),  # speech-to-text's "one thirty five"
        ("Squat, 2:25 for 5.", {"weight": 225, "reps": 5, "duration_s": None}),
        ("deadlift 3:15 x 5", {"weight": 315, "reps": 5}),
        ("rowed 2k in 7:30", {"duration_s": 450, "weight": None}),
        ("plank 1:30", {"duration_s": 90, "weight": None}),
        ("plank 1:30 for 3 sets", {"duration_s": 90, "sets": 3}),
        ("jump rope 2:00", {"duration_s": 120, "weight": None}),
    ],
)
def test_clock_times_are_loads_only_where_a_load_goes(parser: Parser, text: str, want: dict[str, Any]) -> None:
    subset(only(parser, text), **want)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("treadmill 20 minutes at 3.5 miles an hour", {"duration_s": 1200, "distance_m": None, "weight": None}),
        ("ran 3 miles at 6 mph", {"distance_m": 4828.032, "weight": None}),
        ("treadmill 30 minutes at 10 km/h", {"duration_s": 1800, "distance_m": None}),
    ],
)
def test_a_pace_is_neither_a_distance_nor_a_load(parser: Parser, text: str, want: dict[str, Any]) -> None:
    subset(only(parser, text), **want)


@pytest.mark.parametrize(
    ("text", "weight", "unit"),
    [
        ("kettlebell swings 5 by 20 with the 24", 24, "kg"),  # kettlebells come in kilos
        ("kb swings 16 for 20", 16, "kg"),
        ("kettlebell swings 53 for 20", 53, None),  # 53 lb, a 24 kg bell in pounds: the lifter's unit
        ("kettlebell swings 24 pounds for 20", 24, "lb"),
    ],
)
def test_kettlebell_sizes_are_kilos(parser: Parser, text: str, weight: float, unit: str | None) -> None:
    subset(only(parser, text), weight=weight, unit=unit)


SQUATTING = {"exercise": "barbell-back-squat", "last": {"reps": 5, "weight": 225, "unit": "lb"}}


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("add 10 pounds, 5 reps", {"weight": 235, "reps": 5, "unit": "lb"}),
        ("add 10 pounds", {"weight": 235, "reps": 5}),  # as many reps as the set before
        ("up 10 for 5", {"weight": 235, "reps": 5}),
        ("10 more pounds for 4", {"weight": 235, "reps": 4}),
        ("another 10 pounds for 3", {"weight": 235, "reps": 3}),
        ("drop 20 for 8", {"weight": 205, "reps": 8}),
        ("add 5 kilos", {"weight": 236.02, "unit": "lb"}),  # in the unit of the set it changes
        ("went up to 245 for 3", {"weight": 245, "reps": 3}),  # "up to": a load, not a change
        ("add 135 bench for 5", {"exercise": "barbell-bench-press", "weight": 135}),
    ],
)
def test_a_load_said_against_the_last_one(parser: Parser, text: str, want: dict[str, Any]) -> None:
    subset(only(parser, text, SQUATTING), **want)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("another set at 235", {"weight": 235, "reps": 5, "sets": 1}),
        ("one more at 235", {"weight": 235, "reps": 5}),
        ("another one at 235 for 4", {"weight": 235, "reps": 4}),
        ("one more set of 5", {"weight": 225, "reps": 5}),
        ("another 8", {"weight": 225, "reps": 8}),
        ("2 more sets of 5", {"sets": 2, "reps": 5, "weight": 225}),
    ],
)
def test_another_set_changes_only_what_is_said(parser: Parser, text: str, want: dict[str, Any]) -> None:
    subset(only(parser, text, SQUATTING), exercise="barbell-back-squat", **want)


@pytest.mark.parametrize(
    ("text", "weight"),
    [
        ("leg press 4 hundred for 10", 400),  # digits and a spoken scale, as speech-to-text mixes them
        ("leg press 4 hundred and 50 for 10", 450),
        ("deadlift 3-15 for 5", 315),
        ("squat 1 85 for 8", 185),
    ],
)
def test_loads_written_half_in_words(parser: Parser, text: str, weight: float) -> None:
    subset(only(parser, text), weight=weight)


def test_a_spoken_rep_list_with_commas_is_a_set_each(parser: Parser) -> None:
    cmds = parser.parse("bench 135 for eight, nine, ten").to_json_dict()["commands"]
    assert [(c["reps"], c["weight"]) for c in cmds] == [(8, 135), (9, 135), (10, 135)]


@pytest.mark.parametrize(
    ("text", "reps"),
    [
        ("squats 8, 8, and 6 at 185", [8, 8, 6]),  # the counts first, then the load
        ("bench 5, 5, 5 at 225", [5, 5, 5]),
        ("squat 5 225 for 5", [5]),  # one number before is no list
    ],
)
def test_rep_counts_listed_before_the_load(parser: Parser, text: str, reps: list[int]) -> None:
    assert [c["reps"] for c in parser.parse(text).to_json_dict()["commands"]] == reps


@pytest.mark.parametrize(
    "text", ["bench 3 sets 10 8 6 at 135", "squat 3 sets 225 for 10, 8, 6", "pull ups 3 sets 10 8 6"]
)
def test_a_set_count_with_its_rep_list_is_not_counted_twice(parser: Parser, text: str) -> None:
    cmds = parser.parse(text).to_json_dict()["commands"]
    assert [(c["sets"], c["reps"]) for c in cmds] == [(1, 10), (1, 8), (1, 6)]


@pytest.mark.parametrize(
    ("heard", "want"),
    [
        ("leg curl, preset 15 at 90", {"sets": 3, "reps": 15, "weight": 90}),  # "three sets" heard as "preset"
        ("dips, pre-set, sum 12 with 25 lbs", {"sets": 3, "reps": 12}),
        ("squat 2 plates in a 10 for 5", {"weight": 245, "reps": 5}),  # "and a 10" heard as "in a 10"
        ("bench 180 5 for 8", {"weight": 185, "reps": 8}),  # "one eighty five" written "180 5"
        ("squat 180 5 reps", {"weight": 180, "reps": 5}),
    ],
)
def test_speech_to_text_slips_in_a_log(parser: Parser, heard: str, want: dict[str, Any]) -> None:
    subset(only(parser, heard), **want)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("one-arm dumbbell row 3x5 40", {"exercise": "dumbbell-row", "sets": 3, "reps": 5, "weight": 40}),
        ("2 sets of 12 one-arm dumbbell row at 40", {"sets": 2, "reps": 12, "weight": 40}),
        ("single leg press 3x10 200", {"sets": 3, "reps": 10, "weight": 200}),
        ("deadlift 405 for a single", {"reps": 1, "weight": 405}),
    ],
)
def test_one_or_single_in_a_name_is_no_number(parser: Parser, text: str, want: dict[str, Any]) -> None:
    subset(only(parser, text), **want)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("did 25 lunges", {"exercise": "walking-lunge", "reps": 25, "weight": None}),  # the count, said first
        ("40 kettlebell swings", {"reps": 40, "weight": None}),
        ("135 bench", {"weight": 135, "reps": None}),  # on a barbell, a number that size is the load
        ("10 burpees", {"exercise": "burpee", "reps": 10, "bodyweight": True}),
        ("twenty jumping jacks", {"exercise": "jumping-jack", "reps": 20}),
        ("wall sit 60 seconds", {"exercise": "wall-sit", "duration_s": 60}),
        ("dead hang for 45 seconds", {"exercise": "dead-hang", "duration_s": 45}),
    ],
)
def test_counts_said_first_and_movements_beyond_the_data_set(parser: Parser, text: str, want: dict[str, Any]) -> None:
    subset(parser.parse(text).to_json_dict()["commands"][0], **want)


@pytest.mark.parametrize(
    ("text", "rir"),
    [
        ("bench 225 for 3, had two more in me", 2),
        ("bench 185 for 8, could have done 2 more", 2),
        ("squat 5 reps with 3 left in the tank", 3),
        ("squat 225 for 5, 2 more in the tank", 2),
    ],
)
def test_reps_left_in_the_tank(parser: Parser, text: str, rir: int) -> None:
    cmd = only(parser, text)
    assert cmd["rir"] == rir and cmd["weight"] != rir
