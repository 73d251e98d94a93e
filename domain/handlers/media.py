"""Keeping and removing a lifter's photos and videos (domain/media.py), within their quota.

The file is in the store before its row is written (assistant/media/library.py removes it again if
this refuses it), and a row's file is removed once the deletion has committed: a failure in between
leaves at worst a file without a row, under the owner's prefix, which erasing the account removes.
"""

from __future__ import annotations

import logging
import uuid

from sqlalchemy import select

from domain import commands as c
from domain import events as ev
from domain import media
from domain.errors import Invalid, NotFound, TooLarge
from domain.lookups import owned_set, owned_workout
from domain.models import BodyMetric, MediaFile, User, utcnow
from domain.uow import UnitOfWork

log = logging.getLogger(__name__)


async def add_media(cmd: c.AddMedia, uow: UnitOfWork) -> MediaFile:
    """Link checks (another lifter's workout, set or reading is not found), then the quota, counted
    with the lifter's row locked so that two uploads at once cannot both squeeze under it."""
    if cmd.kind not in media.KINDS:
        raise Invalid.field("kind", f"one of {', '.join(media.KINDS)}")
    links = [name for name in media.LINKS if getattr(cmd, name) is not None]
    if len(links) > 1:
        raise Invalid.field(links[1], f"link to at most one of {', '.join(media.LINKS)}")
    locked = await uow.session.scalar(select(User.id).where(User.id == cmd.user_id).with_for_update())
    if locked is None:
        raise NotFound("No such user")
    workout_id = cmd.workout_id
    if cmd.workout_id is not None:
        await owned_workout(uow, cmd.user_id, cmd.workout_id)
    if cmd.set_id is not None:
        workout_id = (await owned_set(uow, cmd.user_id, cmd.set_id)).workout_id  # listed with its workout too
    if cmd.measurement_id is not None:
        await _owned_reading(uow, cmd.user_id, cmd.measurement_id)
    used = await media.usage(uow, cmd.user_id)
    if used.bytes + cmd.size_bytes > cmd.quota_bytes:
        message = (
            f"over your media quota: {used.bytes} of {cmd.quota_bytes} bytes used (MEDIA_QUOTA_BYTES), "
            f"this file needs {cmd.size_bytes}; delete some media first"
        )
        raise TooLarge(message, [{"field": "file", "message": message}])
    row = MediaFile(
        id=cmd.media_id,
        user_id=cmd.user_id,
        kind=cmd.kind,
        content_type=cmd.content_type,
        size_bytes=cmd.size_bytes,
        width=cmd.width,
        height=cmd.height,
        duration_s=cmd.duration_s,
        storage_key=cmd.storage_key,
        note=cmd.note,
        workout_id=workout_id,
        set_id=cmd.set_id,
        measurement_id=cmd.measurement_id,
        taken_at=cmd.taken_at or utcnow(),
        created_at=utcnow(),
    )
    uow.session.add(row)
    await uow.session.flush()
    uow.add_event(ev.MediaAdded(cmd.user_id, ev.media_data(row), workout_id))
    await uow.commit()
    return row


async def delete_media(cmd: c.DeleteMedia, uow: UnitOfWork, *, files: media.Files) -> None:
    row = await media.owned(uow, cmd.user_id, cmd.media_id)
    if row is None:
        raise NotFound("Media not found")
    key, data, workout_id = row.storage_key, ev.media_data(row), row.workout_id
    await uow.session.delete(row)
    uow.add_event(ev.MediaDeleted(cmd.user_id, data, workout_id))
    await uow.commit()
    try:
        await files.delete(key)
    except Exception:  # the row is gone; the file is left under the owner's prefix (erasure removes it)
        log.warning("media %s: its file %s could not be removed", cmd.media_id, key, exc_info=True)


async def _owned_reading(uow: UnitOfWork, user_id: uuid.UUID, reading_id: uuid.UUID) -> None:
    found = await uow.session.scalar(
        select(BodyMetric.id).where(BodyMetric.id == reading_id, BodyMetric.user_id == user_id)
    )
    if found is None:
        raise NotFound("Body measurement not found")
