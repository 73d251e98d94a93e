"""Every other intent of the contract, each with many phrasings."""

from __future__ import annotations

from typing import Any

import pytest

from intents import Parser
from tests.unit.intents.conftest import only, subset


def intent_of(parser: Parser, text: str) -> str:
    return str(only(parser, text)["intent"])


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("start a workout", None),
        ("start my workout", None),
        ("starting a new session", None),
        ("start push day", "push day"),
        ("let's start leg day", "leg day"),
        ("begin upper body workout", "upper body"),
        ("start workout called heavy pull", "heavy pull"),
    ],
)
def test_start_workout(parser: Parser, text: str, name: str | None) -> None:
    subset(only(parser, text), intent="start_workout", name=name)


@pytest.mark.parametrize(
    "text",
    [
        "I'm done for today",
        "i'm finished",
        "finish workout",
        "end the session",
        "that's it for today",
        "all done",
        "workout complete",
        "done with my workout",
        "wrap up the workout",
        "call it a day",
    ],
)
def test_finish_workout(parser: Parser, text: str) -> None:
    assert intent_of(parser, text) == "finish_workout"


@pytest.mark.parametrize(
    "text",
    ["cancel this workout", "cancel the workout", "discard this session", "abort my workout", "scrap today's workout"],
)
def test_cancel_workout(parser: Parser, text: str) -> None:
    assert intent_of(parser, text) == "cancel_workout"


@pytest.mark.parametrize(
    "text",
    [
        "scratch that",
        "undo",
        "undo that",
        "delete the last set",
        "remove that",
        "never mind",
        "oops scratch that",
        "take that back",
        "delete that",
        "And do.",  # speech-to-text's hearings of "undo" said alone
        "Undue.",
        "and you",
    ],
)
def test_undo(parser: Parser, text: str) -> None:
    assert intent_of(parser, text) == "undo_last"


@pytest.mark.parametrize("text", ["thank you", "what did you and you do"])
def test_soundalikes_count_only_as_whole_utterances(parser: Parser, text: str) -> None:
    assert intent_of(parser, text) != "undo_last"


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("same again", 1),
        ("one more set", 1),
        ("another one", 1),
        ("repeat last set", 1),
        ("do that again", 1),
        ("two more sets", 2),
        ("same again twice", 2),
        ("3 more", 3),
        ("ditto", 1),
    ],
)
def test_repeat(parser: Parser, text: str, count: int) -> None:
    subset(only(parser, text), intent="repeat_last", count=count)


@pytest.mark.parametrize(
    ("text", "changes"),
    [
        ("make that 140", {"weight": 140}),
        ("make it 145", {"weight": 145}),
        ("actually it was 10 reps", {"reps": 10}),
        ("make that 8 reps", {"reps": 8}),
        ("no, kilos", {"unit": "kg"}),
        ("no it was kilos", {"unit": "kg"}),
        ("i meant 185", {"weight": 185}),
        ("that should be 225 for 5", {"weight": 225, "reps": 5}),
        ("actually that was front squat", {"exercise": "front-squat"}),
        ("correction rpe 9", {"rpe": 9}),
        ("sorry, 3 reps", {"reps": 3}),
        ("actually 100 kilos", {"weight": 100, "unit": "kg"}),
        ("the last one was 225 not 215", {"weight": 225}),
        ("rpe 9 on that", {"rpe": 9}),  # an effort alone is about the set before
        ("wrong, it was 8", {"reps": 8}),
        ("the reps were 7", {"reps": 7}),
        ("weight was 205", {"weight": 205}),  # a set's load; "my weight was ..." is a weigh-in
        ("2 reps in reserve", {"rir": 2}),
        ("the last set felt like an 8", {"rpe": 8}),
        ("change the last one to 8 reps", {"reps": 8}),
    ],
)
def test_corrections(parser: Parser, text: str, changes: dict[str, Any]) -> None:
    cmd = only(parser, text)
    assert cmd["intent"] == "correct_last"
    assert {k: v for k, v in cmd["changes"].items() if v is not None} == changes


def test_bare_correction_uses_the_last_set_to_tell_reps_from_load(parser: Parser) -> None:
    last = {"last": {"reps": 5, "weight": 12}}
    assert only(parser, "make that 14", last)["changes"]["weight"] == 14
    assert only(parser, "make that 6", {"last": {"reps": 5, "weight": 135}})["changes"]["reps"] == 6


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("rest two minutes", 120),
        ("start the rest timer", 90),
        ("rest 90 seconds", 90),
        ("rest for 3 minutes", 180),
        ("start a 2 minute timer", 120),
        ("rest a minute and a half", 90),
        ("timer 2 minutes", 120),
        ("rest 3", 180),
        ("take a break", 90),
        ("rest 45", 45),
    ],
)
def test_rest(parser: Parser, text: str, seconds: int) -> None:
    subset(only(parser, text), intent="start_rest", seconds=seconds)


@pytest.mark.parametrize(
    "text", ["what's next", "next exercise", "what should i do next", "moving on", "what comes next"]
)
def test_next_exercise(parser: Parser, text: str) -> None:
    assert intent_of(parser, text) == "next_exercise"


@pytest.mark.parametrize(
    ("text", "intent", "slug"),
    [
        ("what's my squat PR", "query_pr", "barbell-back-squat"),
        ("what is my bench pr", "query_pr", "barbell-bench-press"),
        ("what's my max deadlift", "query_pr", "deadlift"),
        ("my best squat", "query_pr", "barbell-back-squat"),
        ("how much can i bench", "query_pr", "barbell-bench-press"),
        ("what are my PRs", "query_pr", None),
        ("what did I do on bench last time", "query_last", "barbell-bench-press"),
        ("what did i squat last time", "query_last", "barbell-back-squat"),
        ("how much did i bench last week", "query_last", "barbell-bench-press"),
        ("last time on deadlift", "query_last", "deadlift"),
        ("how many sets have I done today", "query_last", None),  # the workout so far
        ("what have I done so far", "query_last", None),
        ("what did I do last workout", "query_last", None),
        ("show me my workout", "query_last", None),
        ("how many sets of squats today", "query_last", "barbell-back-squat"),
    ],
)
def test_queries(parser: Parser, text: str, intent: str, slug: str | None) -> None:
    subset(only(parser, text), intent=intent, exercise=slug)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("body weight 82.5 kilos", {"metric": "body_weight", "value": 82.5, "unit": "kg"}),
        ("i weigh 180", {"metric": "body_weight", "value": 180}),
        ("weighed in at 82 kilos this morning", {"metric": "body_weight", "value": 82, "unit": "kg"}),
        ("body fat 15 percent", {"metric": "body_fat", "value": 15}),
        ("bf 18%", {"metric": "body_fat", "value": 18}),
        ("resting heart rate 52", {"metric": "resting_heart_rate", "value": 52}),
        ("slept seven hours", {"metric": "sleep_hours", "value": 7}),
        ("got 8 hours of sleep", {"metric": "sleep_hours", "value": 8}),
        ("drank 2 liters of water", {"metric": "water_ml", "value": 2000}),
        ("walked 10000 steps", {"metric": "steps", "value": 10000}),
        ("12k steps today", {"metric": "steps", "value": 12000}),
        ("weight 180", {"metric": "body_weight", "value": 180, "unit": None}),
        ("had 2 bottles of water", {"metric": "water_ml", "value": 1000}),
        ("my weight was 180 this morning", {"metric": "body_weight", "value": 180}),
        ("weight 82.4 this morning", {"metric": "body_weight", "value": 82.4}),
    ],
)
def test_metrics(parser: Parser, text: str, want: dict[str, Any]) -> None:
    subset(only(parser, text), intent="log_metric", **want)


@pytest.mark.parametrize(
    ("text", "minutes", "focus", "equipment"),
    [
        ("make me a 30 minute leg workout", 30, "legs", []),
        ("give me a 45 minute full body workout with dumbbells", 45, "full body", ["dumbbell"]),
        ("generate a push workout", None, "push", []),
        ("plan a quick chest session", None, "chest", []),
        ("i have 20 minutes and only kettlebells what should i do", 20, None, ["kettlebell"]),
        ("make me a leg workout no equipment", None, "legs", ["bodyweight"]),
    ],
)
def test_generate_workout(
    parser: Parser, text: str, minutes: int | None, focus: str | None, equipment: list[str]
) -> None:
    subset(only(parser, text), intent="generate_workout", minutes=minutes, focus=focus, equipment=equipment)


@pytest.mark.parametrize("text", ["help", "what can you do", "what can i say", "how does this work"])
def test_help(parser: Parser, text: str) -> None:
    assert intent_of(parser, text) == "help"


@pytest.mark.parametrize(
    "text",
    [
        "what's the weather tomorrow",
        "call mom at 5",
        "tell me a joke",
        "buy milk",
        "the quick brown fox",
        "",
        "   ",
        "?!",
        "delete all my workouts",
        "uh",
        "x" * 5000,
        "🏋️",
        "null",
        "12 12 12 12 12 12 12 12 12 12 12 12",
    ],
)
def test_unknown_and_absurd_input_never_raise(parser: Parser, text: str) -> None:
    result = parser.parse(text).to_json_dict()
    assert isinstance(result["commands"], list) and result["source"] == "grammar"
    if text.strip(" ?!") in ("", "uh", "what's the weather tomorrow", "tell me a joke", "buy milk"):
        assert result["commands"] == [{"intent": "unknown"}]


def test_a_log_and_a_rest_in_one_breath(parser: Parser) -> None:
    cmds = parser.parse("log squat 225 for 5 and start a 3 minute rest").to_json_dict()["commands"]
    assert [c["intent"] for c in cmds] == ["log_sets", "start_rest"] and cmds[1]["seconds"] == 180


def test_result_carries_source_confidence_and_time(parser: Parser) -> None:
    result = parser.parse("bench 135 for 10").to_json_dict()
    assert result["source"] == "grammar" and 0 < result["confidence"] <= 1 and "elapsed_ms" in result


@pytest.mark.parametrize("heard", ["Slip 7 hours.", "slept 7 hours", "I slept seven hours last night"])
def test_sleep_as_speech_to_text_writes_it(parser: Parser, heard: str) -> None:
    subset(only(parser, heard), intent="log_metric", metric="sleep_hours", value=7)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("remove the last one", "undo_last"),
        ("do another set", "repeat_last"),
        ("create a 45 minute upper body workout", "generate_workout"),
        ("what should i do next", "next_exercise"),
    ],
)
def test_families_that_share_words(parser: Parser, text: str, intent: str) -> None:
    assert intent_of(parser, text) == intent


def test_a_correction_ignores_the_number_it_replaces(parser: Parser) -> None:
    changes = only(parser, "it was 185 not 175")["changes"]
    assert changes["weight"] == 185 and changes["reps"] is None


def test_a_stray_letter_does_not_glue_a_rest_onto_a_log(parser: Parser) -> None:
    cmds = parser.parse("bench 3x8 at 135, and n rest 2 minutes.").to_json_dict()["commands"]
    assert [c["intent"] for c in cmds] == ["log_sets", "start_rest"] and cmds[0]["duration_s"] is None


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("rest one thirty", 90),
        ("rest 1.30", 90),
        ("rest two fifteen", 135),
        ("rest 90", 90),
        ("rest two", 120),
    ],
)
def test_rest_lengths_said_like_a_clock(parser: Parser, text: str, seconds: int) -> None:
    subset(only(parser, text), intent="start_rest", seconds=seconds)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("what did I bench on Monday", "query_last"),
        ("what did I squat yesterday", "query_last"),
        ("how is my deadlift going", "query_pr"),
        ("show my squat progress", "query_pr"),
    ],
)
def test_questions_about_a_lift_are_not_logs(parser: Parser, text: str, intent: str) -> None:
    assert intent_of(parser, text) == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("wrong exercise, that was incline", "correct_last"),
        ("change the weight to 150", "correct_last"),
        ("update the last set to 8 reps", "correct_last"),
        ("another round", "repeat_last"),
        ("i'm going to start my workout now", "start_workout"),
        ("end", "finish_workout"),
        ("let's call it", "finish_workout"),
        ("give me 45 seconds", "start_rest"),
        ("what exercise is next", "next_exercise"),
        ("what do i have left", "next_exercise"),
        ("pause the timer", "unknown"),
    ],
)
def test_everyday_session_talk(parser: Parser, text: str, intent: str) -> None:
    assert intent_of(parser, text) == intent


def test_a_correction_names_the_field_it_changes(parser: Parser) -> None:
    assert only(parser, "change the weight to 12")["changes"]["weight"] == 12
    assert only(parser, "change reps to 12")["changes"]["reps"] == 12


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("log my weight 81.3 kg", {"intent": "log_metric", "metric": "body_weight", "value": 81.3, "unit": "kg"}),
        ("morning weight 178.6", {"intent": "log_metric", "metric": "body_weight", "value": 178.6}),
        ("drank a liter of water", {"intent": "log_metric", "metric": "water_ml", "value": 1000}),
        ("quick 15 minute ab workout", {"intent": "generate_workout", "minutes": 15, "focus": "core"}),
    ],
)
def test_more_metric_and_plan_phrasings(parser: Parser, text: str, want: dict[str, Any]) -> None:
    subset(only(parser, text), **want)


@pytest.mark.parametrize("text", ["weight 5", "weight 180 for 5", "bench weight 180"])
def test_weight_with_a_lift_or_an_implausible_number_is_no_weigh_in(parser: Parser, text: str) -> None:
    assert only(parser, text)["intent"] != "log_metric"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("let's go, starting push day", "start_workout"),
        ("what can you help me with", "help"),
        ("skip", "next_exercise"),
        ("I'm out", "finish_workout"),
        ("I'm out of breath", "unknown"),
    ],
)
def test_more_everyday_session_talk(parser: Parser, text: str, intent: str) -> None:
    assert intent_of(parser, text) == intent


def test_a_felt_rating_said_with_the_set_is_its_rpe(parser: Parser) -> None:
    cmds = parser.parse("bench 135 for 8, felt like an 8").to_json_dict()["commands"]
    assert len(cmds) == 1 and cmds[0]["rpe"] == 8 and cmds[0]["reps"] == 8


@pytest.mark.parametrize(
    ("text", "context", "intent"),
    [
        ("90 seconds", None, "start_rest"),  # a time alone, between sets of a lift: a rest
        ("2 minutes", {"exercise": "barbell-bench-press"}, "start_rest"),
        ("90 seconds", {"exercise": "plank"}, "log_sets"),  # during a hold or a run: the time of it
        ("2 minutes", {"exercise": "running"}, "log_sets"),
        ("held it for 60 seconds", None, "log_sets"),
        ("dead hang 40s", None, "log_sets"),
    ],
)
def test_a_time_alone_is_a_rest_between_sets(
    parser: Parser, text: str, context: dict[str, Any] | None, intent: str
) -> None:
    assert parser.parse(text, context).to_json_dict()["commands"][0]["intent"] == intent


@pytest.mark.parametrize(
    ("heard", "intent"),
    [("and do that", "undo_last"), ("in session", "finish_workout")],
)
def test_speech_to_text_hearings_of_short_commands(parser: Parser, heard: str, intent: str) -> None:
    assert intent_of(parser, heard) == intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("give me something for chest and triceps", "generate_workout"),
        ("quick 15 minute workout no equipment", "generate_workout"),
        ("how many sets left", "next_exercise"),  # what remains of the routine, not what is done
        ("done with bench, what's next", "next_exercise"),
        ("I'm done with squats", "next_exercise"),
        ("done with my workout", "finish_workout"),
    ],
)
def test_routine_and_plan_talk(parser: Parser, text: str, intent: str) -> None:
    assert [c["intent"] for c in parser.parse(text).to_json_dict()["commands"]] == [intent]
