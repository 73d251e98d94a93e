"""Reading Strong and Hevy exports (no store): layouts, units, warm-ups, rest and note rows, times in
the lifter's zone, rows that cannot be imported, files that are not exports; names to the catalog."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from assistant import importing
from assistant.importing.names import Matcher, kind_of
from assistant.importing.rows import seconds
from domain.catalog import default_index
from domain.errors import Invalid
from tests.fakes.exports import UNMATCHED, all_sets, hevy_csv, history, strong_csv

UTC_ZONE = ZoneInfo("UTC")
STRONG6 = (
    '"Workout #";"Date";"Workout Name";"Duration (sec)";"Exercise Name";"Set Order";"Weight (kg)";"Reps";"RPE";'
    '"Distance (meters)";"Seconds";"Notes";"Workout Notes"\n'
)


def row(*cells: object) -> str:
    return ";".join(f'"{c}"' for c in cells) + "\n"


def test_a_strong6_file_in_kg_reads_warmups_drop_sets_rest_and_note_rows() -> None:
    text = STRONG6 + "".join(
        [
            row(
                1,
                "2024-08-06 17:30:00",
                "Legs",
                3480,
                "Squat (Barbell)",
                "Note",
                "",
                "",
                "",
                "",
                "",
                "knee sleeves",
                "",
            ),
            row(1, "2024-08-06 17:30:00", "Legs", 3480, "Squat (Barbell)", "W", 40, 8, "", "", "", "", "felt good"),
            row(1, "2024-08-06 17:30:00", "Legs", 3480, "Squat (Barbell)", 1, "102,5", 5, 8, "", "", "belt", ""),
            row(1, "2024-08-06 17:30:00", "Legs", 3480, "Squat (Barbell)", "Rest Timer", 0, 0, "", "", 180, "", ""),
            row(1, "2024-08-06 17:30:00", "Legs", 3480, "Squat (Barbell)", "D", 70, 10, 12, "", "", "", ""),
            row(1, "2024-08-06 17:30:00", "Legs", 3480, "Plank", 1, 0, 0, "", "", 60, "", ""),
            row(1, "2024-08-06 17:30:00", "Legs", 3480, "Running", 1, 0, 0, "", 5000, 1500, "", ""),
        ]
    )
    parsed = importing.read(text.encode(), ZoneInfo("Europe/Berlin"), "lb")
    assert (parsed.format, parsed.rows, parsed.rest_rows, parsed.skipped_count) == ("strong", 7, 1, 0)
    [workout] = parsed.workouts
    assert workout.name == "Legs" and workout.notes == "felt good"
    assert workout.started_at == datetime(2024, 8, 6, 15, 30, tzinfo=UTC)  # 17:30 in Berlin, summer time
    assert (workout.ended_at - workout.started_at).total_seconds() == 3480
    kinds = [(s.exercise, s.set_type, s.weight, s.unit, s.reps, s.rpe, s.notes) for s in workout.sets[:3]]
    assert kinds == [
        ("Squat (Barbell)", "warmup", 40.0, "kg", 8, None, "knee sleeves"),
        ("Squat (Barbell)", "normal", 102.5, "kg", 5, 8.0, "belt"),
        ("Squat (Barbell)", "drop", 70.0, "kg", 10, None, None),
    ]
    assert [n.message for n in parsed.notes] == ["RPE 12 is outside 1-10 and was left out"]
    plank, run = workout.sets[3:]
    assert (plank.weight, plank.reps, plank.duration_s) == (None, None, 60)
    assert (run.distance_m, run.duration_s, run.reps) == (5000.0, 1500, None)


def test_the_weight_unit_comes_from_the_header_or_the_lifter() -> None:
    sessions = history(0.05)
    in_lb = importing.read(strong_csv(sessions, "lb").encode(), UTC_ZONE, "kg")
    assert {s.unit for w in in_lb.workouts for s in w.sets if s.weight} == {"lb"}
    bench = next(s for s in in_lb.workouts[0].sets if s.set_type == "normal")
    assert bench.weight == 130  # 60 kg written as Strong would in pounds
    legacy = strong_csv(sessions, "lb", layout="legacy")
    assert legacy.startswith("Date,Workout Name,Duration,")
    read = importing.read(legacy.encode(), UTC_ZONE, "lb")
    assert {s.unit for w in read.workouts for s in w.sets if s.weight} == {"lb"}
    first = read.workouts[0]
    assert first.ended_at is not None and (first.ended_at - first.started_at).total_seconds() % 60 == 0  # "55m"


def test_every_layout_reads_the_same_history() -> None:
    sessions = history(0.2)
    files = [strong_csv(sessions), strong_csv(sessions, "lb"), strong_csv(sessions, "kg", "legacy")]
    files += [hevy_csv(sessions), hevy_csv(sessions, "lb")]
    for text in files:
        parsed = importing.read(text.encode(), UTC_ZONE, "kg")
        assert len(parsed.workouts) == len(sessions)
        assert sum(len(w.sets) for w in parsed.workouts) == all_sets(sessions)
        assert parsed.skipped_count == 0
        warmups = sum(1 for w in parsed.workouts for s in w.sets if s.set_type == "warmup")
        assert warmups == sum(1 for s in sessions for _, sets in s.exercises for x in sets if x.kind == "warmup")
        assert {s.exercise for w in parsed.workouts for s in w.sets} >= set(UNMATCHED)


def test_hevy_times_units_and_exercise_notes() -> None:
    text = (
        '"title","start_time","end_time","description","exercise_title","superset_id","exercise_notes",'
        '"set_index","set_type","weight_lbs","reps","distance_miles","duration_seconds","rpe"\n'
        + "".join(
            f'"Week 12","26 Jul 2025, 07:06","26 Jul 2025, 08:11","good",{rest}\n'
            for rest in (
                '"Lying Leg Curl (Machine)",,"seat 4",0,"warmup",100,10,,,',
                '"Lying Leg Curl (Machine)",,"seat 4",1,"normal",140,8,,,9',
                '"Lying Leg Curl (Machine)",,"seat 4",2,"dropset",90,12,,,',
                '"Running",,"",0,"normal",,,3.1,1500,',
            )
        )
    )
    parsed = importing.read(text.encode(), ZoneInfo("America/New_York"), "kg")
    [w] = parsed.workouts
    assert w.started_at == datetime(2025, 7, 26, 11, 6, tzinfo=UTC) and w.notes == "good"
    assert [(s.set_type, s.weight, s.unit, s.notes) for s in w.sets[:3]] == [
        ("warmup", 100.0, "lb", "seat 4"),
        ("normal", 140.0, "lb", None),
        ("drop", 90.0, "lb", None),
    ]
    assert w.sets[3].distance_m == pytest.approx(4988.966, abs=0.01)


def test_rows_that_cannot_be_imported_are_named_and_the_rest_is_kept() -> None:
    text = STRONG6 + "".join(
        [
            row(1, "2024-08-06 17:30:00", "Legs", 60, "Squat (Barbell)", 1, 100, 5, "", "", "", "", ""),
            row(1, "yesterday", "Legs", 60, "Squat (Barbell)", 2, 100, 5, "", "", "", "", ""),
            row(1, "2024-08-06 17:30:00", "Legs", 60, "Squat (Barbell)", 3, 100, 5000, "", "", "", "", ""),
            row(1, "2024-08-06 17:30:00", "Legs", 60, "Squat (Barbell)", "Z", 100, 5, "", "", "", "", ""),
            row(1, "2024-08-06 17:30:00", "Legs", 60, "Squat (Barbell)", 4, "heavy", 5, "", "", "", "", ""),
            row(1, "2024-08-06 17:30:00", "Legs", 60, "Squat (Barbell)", 5, 0, 0, "", "", "", "", ""),
        ]
    )
    parsed = importing.read(text.encode(), UTC_ZONE, "kg")
    assert sum(len(w.sets) for w in parsed.workouts) == 1
    reasons = {i.row: i.message for i in parsed.skipped}
    assert set(reasons) == {3, 4, 5, 6, 7} and parsed.skipped_count == 5
    assert "unreadable date" in reasons[3] and "reps must be between 0 and 1000" in reasons[4]
    assert "Set Order" in reasons[5] and "number" in reasons[6] and "empty set" in reasons[7]


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"\xff\xfe\xfa garbage", "not UTF-8"),
        (b"", "empty"),
        (b"a,b,c\n1,2,3\n", "Not a Strong or Hevy CSV export"),
        (b"Date;Workout Name;Exercise Name;Set Order;Weight (kg)\n", "lacks reps"),
        (b"title,start_time,exercise_title,set_index,set_type,reps\n", "weight_kg or weight_lbs"),
    ],
)
def test_a_file_that_is_not_an_export_is_refused_with_the_reason(data: bytes, says: str) -> None:
    with pytest.raises(Invalid) as refused:
        importing.sniff(data)
    assert says in refused.value.message
    assert refused.value.details[0]["field"] == "file"


def test_durations_as_apps_write_them() -> None:
    assert [seconds(t) for t in ("3480", "1h 5m", "35m", "45s", "1:02:03", "", "soon")] == [
        3480,
        3900,
        2100,
        45,
        3723,
        None,
        None,
    ]


def test_names_map_to_the_catalog_by_the_implement_they_name() -> None:
    matcher = Matcher(default_index(), {"copenhagenplankhold": "copenhagen-plank-hold"})
    found = {
        name: matcher.match(name).slug
        for name in (
            "Bench Press (Barbell)",
            "Incline Bench Press (Dumbbell)",
            "Bicep Curl (Barbell)",
            "Bicep Curl (Dumbbell)",
            "Squat (Barbell)",
            "Triceps Pushdown (Cable - Straight Bar)",
            "Pull Up (Assisted)",
            "Frobnicator (Barbell)",
        )
    }
    assert found == {
        "Bench Press (Barbell)": "barbell-bench-press",
        "Incline Bench Press (Dumbbell)": "incline-dumbbell-bench-press",
        "Bicep Curl (Barbell)": "barbell-curl",
        "Bicep Curl (Dumbbell)": "dumbbell-curl",
        "Squat (Barbell)": "barbell-back-squat",
        "Triceps Pushdown (Cable - Straight Bar)": "tricep-pushdown",
        "Pull Up (Assisted)": None,  # the weight is help, not load: not the plain pull-up's records
        "Frobnicator (Barbell)": None,
    }
    mine = matcher.match("Copenhagen Plank Hold")
    assert (mine.slug, mine.own) == ("copenhagen-plank-hold", True)
    assert (kind_of("Sissy Squat Thing (Machine)", False), kind_of("Copenhagen Plank Hold", True)) == (
        "machine",
        "cardio",
    )
