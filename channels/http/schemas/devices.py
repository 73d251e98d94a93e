"""Device sync: connections, sync logs, and what the phone pushes (channels/devices/)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from channels.http.schemas import Out

ProviderName = Literal["health-connect", "apple-health", "strava", "oura", "withings", "garmin", "fitbit"]


class DeviceOut(BaseModel):
    provider: ProviderName
    kind: Literal["push", "oauth"] = Field(description="the phone pushes its records, or we read a cloud with OAuth")
    available: bool = Field(description="offered by this server (a cloud needs its OAuth client configured)")
    status: Literal["connected", "reauth", "disconnected"] = Field(
        description="reauth: the provider refused our tokens; connect again"
    )
    scopes: list[str] = []
    last_sync_at: datetime | None = None
    connected_at: datetime | None = None
    sync_job_id: uuid.UUID | None = Field(
        default=None, description="on connecting a cloud: the backfill job (GET /jobs/{id})"
    )


class DevicesOut(BaseModel):
    data: list[DeviceOut]


class ConnectOut(BaseModel):
    provider: ProviderName
    authorize_url: str | None = Field(
        description="open it in a browser to grant access (cloud providers); none for a phone store, connected at once"
    )
    state: str | None = None


class SyncLogOut(Out):
    id: uuid.UUID
    trigger: str = Field(description="push, manual, webhook, schedule, backfill or upload")
    status: str = Field(description="running, ok, failed, reauth or full_read_needed")
    fetched: int
    stored: int
    error: str | None
    started_at: datetime
    finished_at: datetime | None


class SyncStarted(BaseModel):
    provider: ProviderName
    status: Literal["started"] = "started"
    job_id: uuid.UUID | None = Field(default=None, description="the sync's job: GET /jobs/{id} (also in Location)")


class PushOut(BaseModel):
    """What a push stored: records sent, rows written (a repeat updates its row), the token kept."""

    received: int
    stored: int
    next_changes_token: str | None = None
    sync_log_id: uuid.UUID


PUSH_EXAMPLES = {
    "full read": {
        "summary": "a first (full) read: no changes token",
        "value": {
            "changes_token": None,
            "next_changes_token": "tok-1",
            "records": [
                {"id": "steps-0001", "type": "Steps", "start_time": "2025-03-03T08:00:00Z", "value": 4200},
                {"id": "hr-0001", "type": "RestingHeartRate", "start_time": "2025-03-03T07:00:00Z", "value": 54},
                {
                    "id": "sleep-0001",
                    "type": "SleepSession",
                    "start_time": "2025-03-02T23:00:00Z",
                    "end_time": "2025-03-03T06:30:00Z",
                    "stages": [
                        {"stage": "deep", "start_time": "2025-03-02T23:00:00Z", "end_time": "2025-03-03T00:30:00Z"},
                        {"stage": "light", "start_time": "2025-03-03T00:30:00Z", "end_time": "2025-03-03T06:30:00Z"},
                    ],
                },
                {
                    "id": "run-0001",
                    "type": "ExerciseSession",
                    "start_time": "2025-03-03T17:00:00Z",
                    "end_time": "2025-03-03T17:32:00Z",
                    "exercise_type": "running",
                    "distance_m": 5200,
                    "title": "Evening run",
                },
            ],
        },
    }
}


class ApplePushOut(BaseModel):
    """What an Apple Health push stored: samples sent, rows written (a repeat updates), the anchor kept."""

    received: int
    stored: int
    next_anchor: str
    sync_log_id: uuid.UUID


APPLE_PUSH_EXAMPLES = {
    "full read": {
        "summary": "a first (full) read: no anchor; later reads send the anchor kept (next_anchor of this one)",
        "value": {
            "anchor": None,
            "next_anchor": "YnBsaXN0MDDUAQIDBAUGBwpZ",
            "samples": [
                {
                    "type": "HKQuantityTypeIdentifierStepCount",
                    "start": "2025-03-03T08:00:00+01:00",
                    "end": "2025-03-03T08:10:00+01:00",
                    "value": 812,
                    "unit": "count",
                    "source": "Ana's Apple Watch",
                    "uuid": "6F1C3B2A-9D4E-4E59-8A7B-1C2D3E4F5A6B",
                },
                {
                    "type": "HKCategoryTypeIdentifierSleepAnalysis",
                    "start": "2025-03-02T23:10:00+01:00",
                    "end": "2025-03-03T00:40:00+01:00",
                    "value": "HKCategoryValueSleepAnalysisAsleepDeep",
                    "source": "Ana's Apple Watch",
                },
                {
                    "type": "HKCorrelationTypeIdentifierBloodPressure",
                    "start": "2025-03-03T07:00:00+01:00",
                    "end": "2025-03-03T07:00:00+01:00",
                    "systolic": 121,
                    "diastolic": 79,
                    "source": "Withings",
                },
                {
                    "type": "HKWorkout",
                    "activity_type": "HKWorkoutActivityTypeRunning",
                    "start": "2025-03-03T18:00:00+01:00",
                    "end": "2025-03-03T18:31:00+01:00",
                    "distance_m": 5200,
                    "energy_kcal": 410,
                    "avg_heart_rate": 152,
                    "source": "Ana's Apple Watch",
                },
            ],
        },
    },
    "deletions": {
        "summary": "samples deleted on the phone, by the UUIDs they were pushed with (HKDeletedObject.uuid)",
        "value": {
            "anchor": "YnBsaXN0MDDUAQIDBAUGBwpZ",
            "next_anchor": "YnBsaXN0MDDUAQIDBAUGBwpa",
            "samples": [],
            "deleted": ["6F1C3B2A-9D4E-4E59-8A7B-1C2D3E4F5A6B"],
        },
    },
}


def export_body(max_bytes: int) -> dict[str, Any]:
    """The documented request body of POST /devices/apple-health/export: a multipart upload."""
    file = {
        "type": "string",
        "format": "binary",
        "description": f"export.zip as the Health app makes it, or the export.xml inside; at most {max_bytes} bytes",
    }
    schema = {"type": "object", "properties": {"file": file}, "required": ["file"], "additionalProperties": False}
    return {"required": True, "content": {"multipart/form-data": {"schema": schema}}}
