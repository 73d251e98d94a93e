"""Jobs (GET /jobs/{id}), the import upload (POST /import) and the exports' documented shapes."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from channels.http.schemas import In, Out
from channels.http.schemas.auth import TimeZone

IMPORT_RESULT_EXAMPLE: dict[str, Any] = {
    "format": "strong",
    "rows": 32935,
    "workouts_imported": 1040,
    "workouts_already_imported": 0,
    "sets_imported": 18799,
    "sets_already_imported": 0,
    "warmup_sets": 1872,
    "rest_rows": 13960,
    "rows_skipped": 1,
    "skipped": [{"row": 812, "reason": "reps must be between 0 and 1000"}],
    "notes": [{"row": 96, "note": "RPE 12 is outside 1-10 and was left out"}],
    "exercises_matched": 21,
    "unmatched": [{"name": "Copenhagen Plank Hold", "exercise": "copenhagen-plank-hold", "created": True, "sets": 520}],
}


class JobOut(Out):
    """A background job: where it is, and what it did."""

    id: uuid.UUID
    name: str = Field(
        description="what the job does: import_workouts, deliver_webhook, sync_device, import_apple_health, "
        "rest.end (a rest timer)"
    )
    status: Literal["queued", "running", "succeeded", "failed", "cancelled"] = Field(
        description="queued (also between tries, and while a deferred job waits for run_at), running, then "
        "succeeded or failed; cancelled: ended before it ran (a rest timer replaced by a new one)"
    )
    progress: float = Field(ge=0, le=1, description="0 to 1")
    message: str | None = Field(description="what it is doing now, or how it ended")
    attempts: int = Field(ge=0, description="tries so far (a failed try is retried with backoff)")
    result: dict[str, Any] | None = Field(
        description="once succeeded: the job's summary (an import's: rows, workouts and sets imported, "
        "those already imported, rows skipped and why, names not in the catalog)",
        json_schema_extra={"example": IMPORT_RESULT_EXAMPLE},
    )
    error: str | None = Field(description="the last try's error (kept while a retry waits)")
    run_at: datetime | None = Field(description="a deferred job: not run before this time")
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


JOB_EXAMPLE = {
    "id": "7d3f4c1e-2b9a-4c55-9a57-1f0e6f3c2b10",
    "name": "import_workouts",
    "status": "succeeded",
    "progress": 1.0,
    "message": "done",
    "attempts": 1,
    "result": IMPORT_RESULT_EXAMPLE,
    "error": None,
    "run_at": None,
    "created_at": "2026-12-08T10:00:00+00:00",
    "started_at": "2026-12-08T10:00:00.120000+00:00",
    "finished_at": "2026-12-08T10:00:14.800000+00:00",
}


class ImportFields(In):
    """The multipart fields beside the `file` of POST /import."""

    timezone: TimeZone | None = Field(default=None, description="the zone of the file's times (default: yours)")
    unit: Literal["kg", "lb"] | None = Field(
        default=None, description="a Strong file's weights when its header names no unit (default: yours)"
    )


def import_body(max_bytes: int) -> dict[str, Any]:
    """The documented request body of POST /import: a multipart upload."""
    form = ImportFields.model_json_schema()
    file = {
        "type": "string",
        "format": "binary",
        "description": f"the app's CSV export, at most {max_bytes} bytes (MAX_IMPORT_BYTES)",
    }
    form["properties"] = {"file": file, **form["properties"]}
    form["required"] = ["file"]
    return {
        "required": True,
        "content": {"multipart/form-data": {"schema": form, "encoding": {"file": {"contentType": "text/csv"}}}},
    }


class ExportedSet(BaseModel):
    position: int
    exercise: str = Field(description="the exercise's slug")
    exercise_name: str
    set_type: str
    reps: int | None
    weight: float | None
    unit: str | None
    weight_kg: float | None
    rpe: float | None
    rir: int | None
    duration_s: int | None
    distance_m: float | None
    notes: str | None
    completed_at: datetime


class ExportedWorkout(BaseModel):
    id: uuid.UUID
    name: str | None
    status: str
    started_at: datetime
    completed_at: datetime | None
    notes: str | None
    source: str
    sets: list[ExportedSet]


class WorkoutsExport(BaseModel):
    """Every started workout (planned ones have no history yet), oldest first, with its sets."""

    exported_at: datetime
    workouts: list[ExportedWorkout]
