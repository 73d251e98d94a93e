"""Delta sync: what changed in a lifter's store after a position, in the order it changed.

A position (`Cursor`) is a time, a source and an id: every workout, set and body metric changed
after it (by `updated_at`; metrics are never changed, so by `created_at`), and every record deleted
after it (a `Tombstone`, written by the delete handlers in the deleting transaction: `bury`).
Pages follow each other exactly (keyset on time, source, id). Times are stamped when a
transaction writes but seen when it commits, so the position a last page hands back is never later
than `lag` before now: a change stamped before it and committed after it is read by the next
sync. Changes of that last `lag` may so come twice; each carries its id (and a workout its
version), so applying one again is harmless.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, insert, or_, select
from sqlalchemy.orm import joinedload, load_only

from domain.models import BodyMetric, Exercise, Tombstone, Workout, WorkoutSet, utcnow
from domain.uow import UnitOfWork

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
NIL = uuid.UUID(int=0)


@dataclass(frozen=True, order=True)
class Cursor:
    """A place in the order of changes: (time, source, id); `START` is before every change."""

    at: datetime
    source: int  # 0 workouts, 1 sets, 2 metrics, 3 tombstones
    id: uuid.UUID


START = Cursor(EPOCH, -1, NIL)


@dataclass(frozen=True)
class Change:
    kind: str  # workout, set, metric
    id: uuid.UUID
    deleted: bool
    changed_at: datetime
    row: Any  # the Workout, WorkoutSet (its exercise's slug and name loaded) or BodyMetric; None if deleted
    position: Cursor


@dataclass(frozen=True)
class Page:
    changes: list[Change]
    has_more: bool
    next: Cursor


async def bury(uow: UnitOfWork, user_id: uuid.UUID, kind: str, *ids: uuid.UUID) -> None:
    """Keep a tombstone of each deleted record (in the deleting transaction; one insert, however
    many: a device disconnected with its data deletes every reading it brought)."""
    now = utcnow()
    rows = [{"id": uuid.uuid4(), "user_id": user_id, "kind": kind, "entity_id": i, "deleted_at": now} for i in ids]
    if rows:
        await uow.session.execute(insert(Tombstone), rows)


def _after(when: Any, key: Any, source: int, cursor: Cursor) -> ColumnElement[bool]:
    """Rows of `source` placed after `cursor` in (time, source, id) order."""
    if source > cursor.source:
        return when >= cursor.at
    if source < cursor.source:
        return when > cursor.at
    return or_(when > cursor.at, and_(when == cursor.at, key > cursor.id))


_SETS = select(WorkoutSet).options(joinedload(WorkoutSet.exercise).options(load_only(Exercise.slug, Exercise.name)))
# source: (statement, owner, time, id, kind)
_SOURCES: dict[int, tuple[Select[Any], Any, Any, Any, str | None]] = {
    0: (select(Workout), Workout.user_id, Workout.updated_at, Workout.id, "workout"),
    1: (_SETS, WorkoutSet.user_id, WorkoutSet.updated_at, WorkoutSet.id, "set"),
    2: (select(BodyMetric), BodyMetric.user_id, BodyMetric.created_at, BodyMetric.id, "metric"),
    3: (select(Tombstone), Tombstone.user_id, Tombstone.deleted_at, Tombstone.id, None),
}


def _change(source: int, kind: str | None, row: Any, at: datetime) -> Change:
    if kind is None:  # a tombstone
        return Change(row.kind, row.entity_id, True, at, None, Cursor(at, source, row.id))
    return Change(kind, row.id, False, at, row, Cursor(at, source, row.id))


async def changes_since(
    uow: UnitOfWork, user_id: uuid.UUID, after: Cursor, limit: int, *, lag: timedelta, deletions: bool = True
) -> Page:
    """Up to `limit` changes after `after`, oldest first; `deletions=False` leaves tombstones out (a
    client starting from nothing has nothing to delete)."""
    found: list[Change] = []
    for source, (stmt, owner, when, key, kind) in _SOURCES.items():
        if kind is None and not deletions:
            continue
        query = stmt.where(owner == user_id, _after(when, key, source, after)).order_by(when, key).limit(limit + 1)
        for row in (await uow.session.scalars(query)).all():
            at = row.deleted_at if kind is None else (row.created_at if source == 2 else row.updated_at)
            found.append(_change(source, kind, row, at))
    found.sort(key=lambda c: c.position)
    page = found[:limit]
    if len(found) > limit:
        return Page(page, True, page[-1].position)
    # Every change visible now was read: the next sync starts `lag` ago (a change stamped before
    # that and still uncommitted would be older than any transaction runs), never before `after`.
    return Page(page, False, max(after, Cursor(utcnow() - lag, 4, NIL)))


def settled_cursor(since: datetime, lag: timedelta) -> Cursor:
    """A position `lag` before `since`: what a client that wrote at `since` may read from (the batch
    upload's token)."""
    return Cursor(since - lag, -1, NIL)
