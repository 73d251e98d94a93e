"""Device sync: connections, sync logs, and what the phone pushes (channels/devices/)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from channels.http.schemas import Out

ProviderName = Literal["health-connect", "apple-health", "strava"]


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
