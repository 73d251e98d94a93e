"""GET /sync: what changed since a token (delta sync for offline clients; domain/changes.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import Query

from channels.http.deps import App, Reader
from channels.http.errors import ApiError
from channels.http.limits import at_most
from channels.http.routers import Router
from channels.http.routers.metrics import MetricOut
from channels.http.schemas.sync import (
    SYNC_EXAMPLE,
    TOKEN_PATTERN,
    ChangeOut,
    SyncPageOut,
    decode_token,
    encode_token,
)
from channels.http.schemas.workouts import SetOut, WorkoutOut
from domain.changes import START, Change, changes_since

router = Router(prefix="/sync", tags=["sync"])

Since = Annotated[
    str | None,
    Query(
        pattern=TOKEN_PATTERN,
        description="a next_token from GET /sync or the sync_token of POST /workouts/batch; none: everything",
    ),
]
PageSize = Annotated[int | None, Query(ge=1, le=100, description="changes per page: MAX_PAGE_SIZE (100) unless given")]


def _out(change: Change) -> ChangeOut:
    data: WorkoutOut | SetOut | MetricOut | None = None
    if change.row is not None and change.kind == "workout":
        data = WorkoutOut.model_validate(change.row)
    elif change.row is not None and change.kind == "set":
        data = SetOut.of(change.row)
    elif change.row is not None:
        data = MetricOut.model_validate(change.row)
    kind: Any = change.kind
    return ChangeOut(kind=kind, id=change.id, deleted=change.deleted, changed_at=change.changed_at, data=data)


@router.get("", responses={200: {"content": {"application/json": {"example": SYNC_EXAMPLE}}}})
async def sync(who: Reader, spotter: App, since: Since = None, limit: PageSize = None) -> SyncPageOut:
    """Every workout, set and body metric changed since `since`, oldest first, and deletions as
    tombstones (`deleted: true`). Page with `next_token` while `has_more`; keep the last page's
    `next_token` for the next sync. Changes of the last SYNC_LAG_S seconds may come again: apply
    them by id (a workout's `version` says which is newer)."""
    after = START
    if since is not None:
        found = decode_token(since)
        if found is None:
            message = "not a token from GET /sync or POST /workouts/batch"  # (the pattern is checked first)
            raise ApiError(422, f"since: {message}", [{"field": "since", "message": message}])
        after = found
    most = spotter.settings.max_page_size
    if limit is not None:
        at_most("limit", limit, most, "changes per page", "MAX_PAGE_SIZE")
    size = limit or most
    lag = timedelta(seconds=spotter.settings.sync_lag_s)
    async with spotter.reader() as uow:
        page = await changes_since(uow, who.user_id, after, size, lag=lag, deletions=since is not None)
    return SyncPageOut(data=[_out(c) for c in page.changes], next_token=encode_token(page.next), has_more=page.has_more)
