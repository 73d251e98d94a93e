"""The media library: an upload checked, cleaned, stored and recorded, or refused with nothing kept.

The upload arrives as a file (the HTTP layer spools it to disk past 1 MiB); its bytes decide what it
is (assistant/media/sniff.py), then Pillow or PyAV rewrite it without metadata in a worker thread,
at most MEDIA_WORKERS at a time, so the event loop only waits. The clean file goes to the store,
then the row is written through the bus (ownership of its link, the quota); if that is refused,
the stored file is removed again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import BinaryIO

from assistant.media.errors import Broken, OverLimit
from assistant.media.kinds import Cleaned, Limits
from assistant.media.links import Signer
from assistant.media.photos import clean_photo
from assistant.media.sniff import sniff
from assistant.media.stores import Files, LocalFiles
from assistant.media.videos import clean_video
from domain import commands as c
from domain import media
from domain.bus import MessageBus
from domain.errors import Invalid
from domain.models import MediaFile
from domain.uow import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class NewMedia:
    """What the lifter says of an upload beside its bytes."""

    kind: str | None = None  # if given, the file must be one
    note: str | None = None
    workout_id: uuid.UUID | None = None
    set_id: uuid.UUID | None = None
    measurement_id: uuid.UUID | None = None
    taken_at: datetime | None = None


def clean(source: BinaryIO, limits: Limits, workdir: str | None) -> Cleaned:
    """Sniff, decode and rewrite one file (blocking)."""
    found = sniff(source)
    if found.kind == "photo":
        return clean_photo(source, found.family, limits, workdir)
    return clean_video(source, found.family, limits, workdir)


class MediaLibrary:
    def __init__(
        self,
        bus: MessageBus,
        reader: Callable[[], UnitOfWork],
        files: Files,
        signer: Signer,
        limits: Limits,
        *,
        max_bytes: int,
        quota_bytes: int,
        workers: int,
    ) -> None:
        self.bus, self.reader, self.files, self.signer, self.limits = bus, reader, files, signer, limits
        self.max_bytes, self.quota_bytes = max_bytes, quota_bytes
        self._slots = asyncio.Semaphore(workers)

    async def add(self, user_id: uuid.UUID, source: BinaryIO, size: int, new: NewMedia) -> MediaFile:
        if size > self.max_bytes:
            raise OverLimit(f"The file is larger than {self.max_bytes} bytes (MEDIA_MAX_BYTES)")
        if size == 0:
            raise Broken("The file is empty")
        async with self.reader() as uow:  # a full quota is told before any decoding
            used = await media.usage(uow, user_id)
        if used.bytes >= self.quota_bytes:
            message = f"Your media quota is used up: {used.bytes} of {self.quota_bytes} bytes (MEDIA_QUOTA_BYTES)"
            raise OverLimit(message)
        async with self._slots:
            cleaned = await asyncio.to_thread(clean, source, self.limits, self._workdir())
        try:
            if new.kind is not None and new.kind != cleaned.kind:
                raise Invalid.field("kind", f"the file is a {cleaned.kind}, not a {new.kind}")
            return await self._keep(user_id, cleaned, new)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(cleaned.path)  # moved or uploaded already, unless refused

    async def _keep(self, user_id: uuid.UUID, cleaned: Cleaned, new: NewMedia) -> MediaFile:
        media_id = uuid.uuid4()
        key = media.storage_key(user_id, media_id, cleaned.extension)
        await self.files.put(key, cleaned.path, cleaned.content_type)
        command = c.AddMedia(
            user_id=user_id,
            media_id=media_id,
            kind=cleaned.kind,
            content_type=cleaned.content_type,
            size_bytes=cleaned.size_bytes,
            width=cleaned.width,
            height=cleaned.height,
            duration_s=cleaned.duration_s,
            storage_key=key,
            quota_bytes=self.quota_bytes,
            note=new.note,
            workout_id=new.workout_id,
            set_id=new.set_id,
            measurement_id=new.measurement_id,
            taken_at=new.taken_at,
        )
        try:
            row: MediaFile = await self.bus.handle(command)
        except BaseException:
            await asyncio.shield(self._forget(key))
            raise
        return row

    async def delete(self, user_id: uuid.UUID, media_id: uuid.UUID) -> None:
        await self.bus.handle(c.DeleteMedia(user_id, media_id))

    async def _forget(self, key: str) -> None:
        try:
            await self.files.delete(key)
        except Exception:  # left under the owner's prefix; erasing the account removes it
            log.warning("a refused upload's file %s could not be removed", key, exc_info=True)

    def _workdir(self) -> str | None:
        """Clean files are written beside the local store, so that keeping one is a rename."""
        if not isinstance(self.files, LocalFiles):
            return None
        incoming = self.files.root / ".incoming"
        incoming.mkdir(parents=True, exist_ok=True)
        return str(incoming)
