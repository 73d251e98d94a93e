"""Media: the multipart upload of POST /media, and a photo or video as the API shows it."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import Field, model_validator

from channels.http.schemas import Id, In, Out, When

DEFAULT_MAX_BYTES = 67_108_864  # MEDIA_MAX_BYTES's default, for the document (the route checks the setting)
NOTE_MAX = 500
TAKEN = "image/jpeg, image/png, image/webp, video/mp4, video/quicktime, video/webm"


class MediaFields(In):
    """The multipart fields beside the `file` of POST /media (text, as forms send them)."""

    kind: Literal["photo", "video"] | None = Field(
        default=None, description="what the file must be (left out: whatever its bytes are)"
    )
    note: str | None = Field(default=None, max_length=NOTE_MAX, description="a caption: 'week 12, front'")
    workout_id: Id | None = Field(default=None, description="one of your workouts this shows")
    set_id: Id | None = Field(default=None, description="one of your sets (a form check); its workout is kept too")
    measurement_id: Id | None = Field(
        default=None, description="one of your readings (GET /body-measurements, /metrics): a progress photo"
    )
    taken_at: When | None = Field(default=None, description="when it was taken (left out: now)")

    @model_validator(mode="after")
    def _one_link(self) -> Any:
        given = [n for n in ("workout_id", "set_id", "measurement_id") if getattr(self, n) is not None]
        if len(given) > 1:
            raise ValueError(f"link to at most one of workout_id, set_id, measurement_id (given: {', '.join(given)})")
        return self


class MediaOut(Out):
    """A photo or video: what it is, what it belongs to, and a link that serves it for a few minutes."""

    id: uuid.UUID
    kind: Literal["photo", "video"]
    content_type: str = Field(description="as stored: image/jpeg, image/png, image/webp, video/mp4, video/webm")
    size_bytes: int = Field(description="bytes stored (after cleaning); what the quota counts")
    width: int
    height: int
    duration_s: float | None = Field(description="a video's length in seconds; null for photos")
    note: str | None
    workout_id: uuid.UUID | None
    set_id: uuid.UUID | None
    measurement_id: uuid.UUID | None
    taken_at: datetime
    created_at: datetime
    url: str = Field(description="serves the file, with no other sign-in, until `url_expires_at` (MEDIA_URL_TTL_S)")
    url_expires_at: datetime


class UsageOut(Out):
    files: int
    bytes: int = Field(description="bytes your files take")
    quota_bytes: int = Field(description="the most they may take (MEDIA_QUOTA_BYTES)")


MEDIA_EXAMPLE: dict[str, Any] = {
    "id": "5b0f2a8e-41c7-4f3e-9d1a-8c2b7e6f0a11",
    "kind": "video",
    "content_type": "video/mp4",
    "size_bytes": 8_412_330,
    "width": 1080,
    "height": 1920,
    "duration_s": 21.4,
    "note": "squat 140 x 5, depth check",
    "workout_id": "0c3e5a71-9b52-4a0e-8e7d-2f4b1c6d8e90",
    "set_id": "a9d4c2e1-7f36-4b58-9c0a-3e1f5d7b2c64",
    "measurement_id": None,
    "taken_at": "2026-12-08T18:42:10+00:00",
    "created_at": "2026-12-08T18:43:02+00:00",
    "url": "https://spotter.example.com/api/v1/media/5b0f2a8e-41c7-4f3e-9d1a-8c2b7e6f0a11/file"
    "?expires=1796755682&signature=q3N8mXbV0cYp1sFz2kLw4A",
    "url_expires_at": "2026-12-08T18:48:02+00:00",
}


def upload_body(max_bytes: int) -> dict[str, Any]:
    """The documented request body of POST /media: a multipart upload."""
    form = MediaFields.model_json_schema()
    file = {
        "type": "string",
        "format": "binary",
        "description": f"the photo or video, at most {max_bytes} bytes (MEDIA_MAX_BYTES); its type is read "
        "from its bytes, not its name: JPEG, PNG or WebP photos, MP4, QuickTime or WebM videos",
    }
    form["properties"] = {"file": file, **form["properties"]}
    form["required"] = ["file"]
    form.pop("title", None)
    example = {"file": "(binary)", "kind": "video", "set_id": MEDIA_EXAMPLE["set_id"], "note": MEDIA_EXAMPLE["note"]}
    return {
        "required": True,
        "content": {
            "multipart/form-data": {"schema": form, "encoding": {"file": {"contentType": TAKEN}}, "example": example}
        },
    }
