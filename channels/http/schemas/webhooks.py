"""Outgoing webhooks (domain/webhooks.py): subscriptions, their delivery log and the test ping."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from channels.http.schemas import In, NotNull, Out
from domain.events import TYPES
from domain.webhooks import EVENT_TYPES_MAX, FAMILIES, URL_MAX

SUBSCRIBABLE = (*TYPES, *(f"{family}.*" for family in FAMILIES))
URL_PATTERN = r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s#]+$"


def _known(kind: str) -> str:
    if kind not in SUBSCRIBABLE:
        raise PydanticCustomError("event_type", "not an event type: one of {known}", {"known": ", ".join(SUBSCRIBABLE)})
    return kind


EventType = Annotated[str, AfterValidator(_known), WithJsonSchema({"type": "string", "enum": list(SUBSCRIBABLE)})]
Url = Annotated[
    str,
    Field(
        min_length=10,
        max_length=URL_MAX,
        pattern=URL_PATTERN,
        description="where events are POSTed: http or https, no credentials, no fragment",
    ),
]
TYPES_SAID = "event types to send (a family: `set.*`); empty or left out: every event"


class WebhookIn(In):
    url: Url
    event_types: list[EventType] = Field(default_factory=list, max_length=EVENT_TYPES_MAX, description=TYPES_SAID)
    name: str | None = Field(default=None, max_length=200, description="a label of yours")


class WebhookPatch(In):
    CHANGES = True
    url: NotNull[Url] = None
    event_types: NotNull[list[EventType]] = Field(default=None, max_length=EVENT_TYPES_MAX, description=TYPES_SAID)
    name: str | None = Field(default=None, max_length=200)
    enabled: NotNull[bool] = Field(
        default=None, description="true turns a disabled webhook on again (its failures counted from 0)"
    )


class WebhookOut(Out):
    id: uuid.UUID
    url: str
    name: str | None
    event_types: list[str] = Field(description="empty: every event")
    enabled: bool
    disabled_reason: str | None = Field(description="why it is off: by its owner, or after N failures in a row")
    consecutive_failures: int = Field(description="failed tries in a row; WEBHOOK_DISABLE_AFTER of them disable it")
    api_key_id: uuid.UUID | None = Field(description="the API key it was made with (that key manages only its own)")
    previous_secret_until: datetime | None = Field(
        description="after a rotation: until then the old secret signs too (a second `v1=`)"
    )
    last_delivery_at: datetime | None
    last_success_at: datetime | None
    created_at: datetime
    updated_at: datetime


class WebhookCreatedOut(WebhookOut):
    secret: str = Field(description="the signing secret: shown this once (rotate it to get another)")


class DeliveryOut(Out):
    """One try of sending one event."""

    id: uuid.UUID
    event_id: str = Field(description="the same on every try and for every webhook: dedupe on it")
    event_type: str = Field(description="an event type, or `ping`")
    attempt: int = Field(description="the try's number, from 1")
    ok: bool = Field(description="the receiver answered 2xx")
    status_code: int | None = Field(description="the receiver's answer; null when none came")
    error: str | None = Field(description="why the try failed (an answer that was not 2xx, a timeout, a refusal)")
    latency_ms: float
    job_id: uuid.UUID | None = Field(description="the delivery's job (GET /jobs/{id}); null for a ping")
    created_at: datetime


class PingOut(BaseModel):
    event_id: str
    ok: bool
    status_code: int | None
    error: str | None
    latency_ms: float


EVENT_EXAMPLE: dict[str, Any] = {
    "id": "5b0f3c8e-9d4a-4f1e-8a77-2c6d1e0b9f31",
    "type": "set.logged",
    "user_id": "0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a",
    "workout_id": "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
    "at": "2025-03-03T18:04:05.123456+00:00",
    "data": {"id": "3c2b1a0f-...", "exercise": "barbell-bench-press", "reps": 8, "weight": 135, "unit": "lb"},
}
CREATE_EXAMPLES = {
    "sets": {
        "summary": "sets and records, to your server",
        "value": {"url": "https://example.com/hooks/spotter", "event_types": ["set.*", "pr.set"], "name": "my app"},
    },
    "all": {"summary": "every event", "value": {"url": "https://example.com/hooks/spotter"}},
}
PATCH_EXAMPLES = {
    "enable": {"summary": "turn it on again after it was disabled", "value": {"enabled": True}},
    "filter": {"summary": "only finished workouts", "value": {"event_types": ["workout.finished"]}},
}
WEBHOOK_EXAMPLE: dict[str, Any] = {
    "id": "1d2c3b4a-5f6e-4d7c-8b9a-0f1e2d3c4b5a",
    "url": "https://example.com/hooks/spotter",
    "name": "my app",
    "event_types": ["pr.set", "set.*"],
    "enabled": True,
    "disabled_reason": None,
    "consecutive_failures": 0,
    "api_key_id": None,
    "previous_secret_until": None,
    "last_delivery_at": "2025-03-03T18:04:05.400000+00:00",
    "last_success_at": "2025-03-03T18:04:05.400000+00:00",
    "created_at": "2025-03-01T09:00:00+00:00",
    "updated_at": "2025-03-01T09:00:00+00:00",
}
CREATED_EXAMPLE = {**WEBHOOK_EXAMPLE, "secret": "whsec_3q2-7wXbq0V9cTQmSx0d5wIY1E3yY4pZp8kq3n2yZ0o"}
DELIVERY_EXAMPLE = {
    "id": "8e7d6c5b-4a39-4281-9f0e-1d2c3b4a5f6e",
    "event_id": EVENT_EXAMPLE["id"],
    "event_type": "set.logged",
    "attempt": 2,
    "ok": True,
    "status_code": 200,
    "error": None,
    "latency_ms": 41.7,
    "job_id": "7d3f4c1e-2b9a-4c55-9a57-1f0e6f3c2b10",
    "created_at": "2025-03-03T18:04:15.900000+00:00",
}
PING_EXAMPLE = {
    "event_id": "0c9d8e7f-6a5b-4c3d-9e2f-1a0b9c8d7e6f",
    "ok": False,
    "status_code": 503,
    "error": "the receiver answered 503",
    "latency_ms": 12.4,
}
