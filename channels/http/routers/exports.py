"""GET /export/workouts.csv (Strong's layout) and /export/workouts.json: the caller's history, streamed."""

from __future__ import annotations

from typing import Literal

from fastapi import Query
from fastapi.responses import StreamingResponse

from assistant import exporting
from channels.http.deps import App, Reader
from channels.http.routers import Router
from channels.http.schemas.jobs import WorkoutsExport

router = Router(prefix="/export", tags=["import and export"])
JSON_EXAMPLE = {
    "exported_at": "2026-12-08T10:00:00+00:00",
    "workouts": [
        {
            "id": "9ca3272c-be5c-454f-8c96-16dd517c048f",
            "name": "Push",
            "status": "completed",
            "started_at": "2026-12-07T06:02:00+00:00",
            "completed_at": "2026-12-07T06:57:17+00:00",
            "notes": None,
            "source": "import",
            "sets": [
                {
                    "position": 1,
                    "exercise": "barbell-bench-press",
                    "exercise_name": "Barbell Bench Press",
                    "set_type": "normal",
                    "reps": 5,
                    "weight": 100.0,
                    "unit": "kg",
                    "weight_kg": 100.0,
                    "rpe": 8.0,
                    "rir": None,
                    "duration_s": None,
                    "distance_m": None,
                    "notes": "belt",
                    "completed_at": "2026-12-07T06:10:00+00:00",
                }
            ],
        }
    ],
}
CSV_EXAMPLE = (
    '"Workout #";"Date";"Workout Name";"Duration (sec)";"Exercise Name";"Set Order";"Weight (kg)";"Reps";"RPE";'
    '"Distance (meters)";"Seconds";"Notes";"Workout Notes"\n'
    '"1";"2026-12-07 07:02:00";"Push";"3317";"Barbell Bench Press";"W";"40";"8";"";"";"";"";""\n'
    '"1";"2026-12-07 07:02:00";"Push";"3317";"Barbell Bench Press";"1";"100";"5";"8";"";"";"belt";""\n'
)


@router.get(
    "/workouts.csv",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "Strong's CSV layout",
            "content": {"text/csv": {"schema": {"type": "string"}, "example": CSV_EXAMPLE}},
        }
    },
)
async def workouts_csv(
    who: Reader,
    spotter: App,
    unit: Literal["kg", "lb"] | None = Query(default=None, description="the weights' unit (default: yours)"),
) -> StreamingResponse:
    """Your workouts in Strong's CSV layout (POST /import reads it back, so do apps that read Strong's):
    one row per set, times on your clock, weights in one unit."""
    return StreamingResponse(
        exporting.strong_csv(spotter, who.user_id, unit),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="workouts.csv"'},
    )


@router.get(
    "/workouts.json",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "every started workout with its sets",
            "model": WorkoutsExport,
            "content": {"application/json": {"example": JSON_EXAMPLE}},
        }
    },
)
async def workouts_json(who: Reader, spotter: App) -> StreamingResponse:
    """Every started workout (cancelled ones too, with their status), oldest first, with all its sets."""
    return StreamingResponse(
        exporting.workouts_json(spotter, who.user_id),
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="workouts.json"'},
    )
