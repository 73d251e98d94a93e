"""Delta sync (GET /sync): the opaque token and the shape of a page of changes."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from typing import Literal

from pydantic import BaseModel, Field

from channels.http.routers.metrics import MetricOut
from channels.http.schemas.workouts import SetOut, WorkoutOut
from domain.changes import EPOCH, Cursor

TOKEN_VERSION = "1"
# "1.<microseconds since 1970>.<source>.<id hex>": opaque to clients (pass it back as it is), and
# every text of this pattern is a position (the document tells the whole truth about it).
TOKEN_PATTERN = r"^1\.[0-9]{1,16}\.(-1|[0-4])\.[0-9a-f]{32}$"
_TOKEN = re.compile(TOKEN_PATTERN)


def encode_token(cursor: Cursor) -> str:
    micros = (cursor.at - EPOCH) // timedelta(microseconds=1)
    return f"{TOKEN_VERSION}.{max(micros, 0)}.{cursor.source}.{cursor.id.hex}"


def decode_token(token: str) -> Cursor | None:
    """The position a token names, or None when it is not one."""
    if not _TOKEN.match(token):
        return None
    _, micros, source, hex_id = token.split(".")
    return Cursor(EPOCH + timedelta(microseconds=int(micros)), int(source), uuid.UUID(hex=hex_id))


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
    "next_token": "1.1740852121120000.4.00000000000000000000000000000000",
    "has_more": False,
}
