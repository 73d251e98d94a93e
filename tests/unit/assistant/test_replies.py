from __future__ import annotations

import uuid

from assistant.replies import for_speech, in_unit, load, number, summary
from domain.models import Exercise, WorkoutSet


def test_numbers_read_as_spoken() -> None:
    assert number(135.0) == "135" and number(102.5) == "102.5" and load(135, "lb") == "135 lb"
    assert in_unit(100, "lb") == "220.5 lb" and in_unit(100, "kg") == "100 kg"


def test_replies_worded_for_a_voice() -> None:
    said = for_speech("Barbell Bench Press 3×8 at 135 lb, RPE 8. Squat best: 140 kg × 5 (e1RM 163.5 kg).")
    assert "3 by 8" in said and "135 pounds" in said and "140 kilos" in said and "estimated max" in said


def _sets(name: str, count: int, reps: int, weight: float) -> list[WorkoutSet]:
    batch, exercise = uuid.uuid4(), Exercise(name=name)
    return [WorkoutSet(exercise=exercise, reps=reps, weight=weight, unit="lb", batch_id=batch) for _ in range(count)]


def test_a_workout_summary_groups_each_log() -> None:
    squats, bench = _sets("Barbell Back Squat", 3, 5, 225), _sets("Barbell Bench Press", 1, 8, 135)
    assert (
        summary(squats + bench) == "4 sets: Barbell Back Squat 3×5 at 225 lb and Barbell Bench Press 8 reps at 135 lb."
    )
    many = [row for n in range(6) for row in _sets(f"Lift {n}", 1, 5, 100)]
    assert summary(many, most=2) == "6 sets: Lift 0 5 reps at 100 lb, Lift 1 5 reps at 100 lb and 4 more."
