"""A client's training as a trainer reads it (GET /trainer/clients/{client_id}/...): the shapes the
lifter's own routes answer, shown once here. Every value set (FastAPI leaves nulls out of examples);
tests/integration/http/test_openapi.py checks each against its schema."""

from __future__ import annotations

W = "9a1e5c3b-7d2f-4a6e-8b1c-0f9e8d7c6b5a"
SET = "c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f"
SQUAT = "d3572844-832b-4fae-94fe-e43781771793"
ROUTINE = "26b20327-c904-4a44-9857-bfef331d477d"
AT = "2026-03-02T18:05:00Z"
PAGE = {"page": 1, "limit": 20, "total": 1, "has_next": False}

WORKOUT_ROW = {
    "id": W,
    "name": "Leg day",
    "status": "completed",
    "started_at": "2026-03-02T17:10:00Z",
    "completed_at": AT,
    "notes": "belt from the third set",
    "source": "api",
    "client_id": "watch-7f3a-1",
    "version": 3,
    "created_at": "2026-03-02T17:10:00Z",
    "updated_at": AT,
    "routine_id": ROUTINE,
    "program_day_id": "4e5f6a7b-8c9d-4e0f-a1b2-c3d4e5f6a7b8",
}
WORKOUTS = {"data": [WORKOUT_ROW], "meta": PAGE}
WORKOUT = {
    **WORKOUT_ROW,
    "sets": [
        {
            "id": SET,
            "workout_id": W,
            "exercise_id": SQUAT,
            "exercise": "barbell-back-squat",
            "exercise_name": "Barbell Back Squat",
            "position": 1,
            "reps": 5,
            "weight": 100.0,
            "unit": "kg",
            "weight_kg": 100.0,
            "rpe": 8.0,
            "rir": 2,
            "set_type": "normal",
            "duration_s": 40,
            "distance_m": 0.0,
            "bodyweight": False,
            "added_weight": False,
            "notes": "belt on",
            "client_id": "watch-7f3a-1-1",
            "completed_at": AT,
            "created_at": AT,
            "updated_at": AT,
            "target_reps": 5,
            "target_weight": 100.0,
            "target_rpe": 8.0,
            "rest_s": 180,
            "completed": True,
        }
    ],
    "set_count": 1,
    "volume_kg": 500.0,
    "planned_count": 0,
}


def _record(kind: str, value: float, value_kg: float) -> dict[str, object]:
    return {
        "kind": kind,
        "value": value,
        "value_kg": value_kg,
        "weight": 220.5,
        "weight_kg": 100.0,
        "reps": 5,
        "set_id": SET,
        "workout_id": W,
        "achieved_at": AT,
        "brzycki": 248.0,
    }


RECORDS = {
    "unit": "lb",
    "e1rm_formula": "epley",
    "data": [
        {
            "exercise": "barbell-back-squat",
            "exercise_id": SQUAT,
            "name": "Barbell Back Squat",
            "heaviest": _record("weight", 220.5, 100.0),
            "e1rm": _record("e1rm", 257.2, 116.667),
        }
    ],
}
METRICS = {
    "data": [
        {
            "id": "f104dcaf-13ae-4036-a2a0-991fc8edc0c1",
            "metric": "body_weight",
            "value": 80.0,
            "unit": "kg",
            "recorded_at": AT,
            "source": "api",
        }
    ],
    "meta": PAGE,
}
ROUTINE_OUT = {
    "id": ROUTINE,
    "user_id": "7a1d9c3e-5b2f-4e8a-9c6d-1f2e3d4c5b6a",
    "name": "Squat focus",
    "notes": "from Coach Kim",
    "is_public": False,
    "created_at": AT,
    "updated_at": AT,
    "items": [
        {
            "id": "73f419a8-bd37-40a4-946b-b62fef23b4ec",
            "position": 1,
            "exercise_id": SQUAT,
            "exercise": "barbell-back-squat",
            "exercise_name": "Barbell Back Squat",
            "target_sets": 5,
            "target_reps": 5,
            "target_weight": 100.0,
            "unit": "kg",
            "rest_seconds": 180,
            "superset_group": 1,
            "target_rpe": 8.0,
            "notes": "pause at the bottom",
        }
    ],
}
ROUTINES = {"data": [ROUTINE_OUT], "meta": PAGE}
