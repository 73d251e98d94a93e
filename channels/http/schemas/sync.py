"""Delta sync (GET /sync): the opaque token and the shape of a page of changes."""

from __future__ import annotations

import base64
import binascii
import uuid
from datetime import UTC, datetime, timedelta
from typing import Literal

from pydantic import BaseModel, Field

from channels.http.routers.metrics import MetricOut
from channels.http.schemas.workouts import SetOut, WorkoutOut
from domain.changes import EPOCH, Cursor

TOKEN_VERSION = "1"
# A token is URL-safe base64 of "1.<microseconds since 1970>.<source>.<id hex>", no padding.
TOKEN_PATTERN = r"^[A-Za-z0-9_-]{1,200}$"


def encode_token(cursor: Cursor) -> str:
    micros = (cursor.at - EPOCH) // timedelta(microseconds=1)
    raw = f"{TOKEN_VERSION}.{micros}.{cursor.source}.{cursor.id.hex}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_token(token: str) -> Cursor | None:
    """The position a token names, or None when it is not one this server made."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("ascii")
        version, micros, source, hex_id = raw.split(".")
        at = EPOCH + timedelta(microseconds=int(micros))
        cursor = Cursor(at.astimezone(UTC), int(source), uuid.UUID(hex=hex_id))
    except (ValueError, binascii.Error, OverflowError, UnicodeDecodeError):
        return None
    if version != TOKEN_VERSION or not -1 <= cursor.source <= 4 or at > datetime(3000, 1, 1, tzinfo=UTC):
        return None
    return cursor


class ChangeOut(BaseModel):
    kind: Literal["workout", "set", "metric"]
    id: uuid.UUID
    deleted: bool = Field(description="true: drop the record (a workout's deletion drops its sets too)")
    changed_at: datetime
    data: WorkoutOut | SetOut | MetricOut | None = Field(description="the record as its GET shows it; null if deleted")


class SyncPageOut(BaseModel):
    data: list[ChangeOut] = Field(description="oldest change first")
    next_token: str = Field(description="pass as `since` for the next page (or, once has_more is false, the next sync)")
    has_more: bool = Field(description="more changes wait: ask again at once with next_token")


SYNC_EXAMPLE = {
    "data": [
        {
            "kind": "set",
            "id": "9b2f3c1e-8a47-4d2e-9c1a-5e6f7a8b9c0d",
            "deleted": True,
            "changed_at": "2025-03-01T18:02:11.120000Z",
            "data": None,
        }
    ],
    "next_token": "MS4xNzQwODUyMTIxMTIwMDAwLjQuMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDA",
    "has_more": False,
}
