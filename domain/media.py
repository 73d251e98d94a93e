"""Media, the domain's side: progress photos and form-check videos, what they may be linked to, the
per-lifter quota, the reads behind GET /media, and the file store the files live in.

The bytes are checked and cleaned before they get here (assistant/media: type by content, photos
re-encoded without metadata, videos remuxed and their length capped); the domain keeps the row, the
quota and ownership. A file's key in the store starts with its owner's id (`owner_prefix`), so that
erasing an account removes every file of it, even one whose row was never written.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import func, select

from domain.models import MediaFile
from domain.queries import Page, page_of
from domain.uow import UnitOfWork

KINDS = ("photo", "video")
LINKS = ("workout_id", "set_id", "measurement_id")  # at most one of these is given


class Files(Protocol):
    """Where media files live (local disk or an S3-compatible bucket; assistant/media/stores.py)."""

    async def delete(self, key: str) -> None: ...

    async def delete_prefix(self, prefix: str) -> int:
        """Every file whose key starts with `prefix`; how many went."""
        ...


def owner_prefix(user_id: uuid.UUID) -> str:
    return f"{user_id}/"


def storage_key(user_id: uuid.UUID, media_id: uuid.UUID, extension: str) -> str:
    return f"{owner_prefix(user_id)}{media_id}.{extension}"


@dataclass(frozen=True)
class Usage:
    files: int
    bytes: int


async def usage(uow: UnitOfWork, user_id: uuid.UUID) -> Usage:
    """How many files the lifter keeps and their bytes (what the quota counts)."""
    row = (
        await uow.session.execute(
            select(func.count(), func.coalesce(func.sum(MediaFile.size_bytes), 0)).where(MediaFile.user_id == user_id)
        )
    ).one()
    return Usage(int(row[0]), int(row[1]))


async def owned(uow: UnitOfWork, user_id: uuid.UUID, media_id: uuid.UUID) -> MediaFile | None:
    return await uow.session.scalar(select(MediaFile).where(MediaFile.id == media_id, MediaFile.user_id == user_id))


async def by_id(uow: UnitOfWork, media_id: uuid.UUID) -> MediaFile | None:
    """Any lifter's file (the signed URL, checked before this, says whose)."""
    return await uow.session.get(MediaFile, media_id)


async def listed(
    uow: UnitOfWork,
    user_id: uuid.UUID,
    *,
    kind: str | None = None,
    workout_id: uuid.UUID | None = None,
    set_id: uuid.UUID | None = None,
    measurement_id: uuid.UUID | None = None,
    page: int = 1,
    limit: int = 20,
) -> Page[MediaFile]:
    """The lifter's files, newest first; of a workout (its sets' too), a set or a reading."""
    stmt = select(MediaFile).where(MediaFile.user_id == user_id)
    for column, value in (
        (MediaFile.kind, kind),
        (MediaFile.workout_id, workout_id),
        (MediaFile.set_id, set_id),
        (MediaFile.measurement_id, measurement_id),
    ):
        if value is not None:
            stmt = stmt.where(column == value)
    return await page_of(uow, stmt.order_by(MediaFile.taken_at.desc(), MediaFile.id), page, limit)
