from __future__ import annotations

import uuid

from fastapi import status

from channels.http.deps import App, Writer
from channels.http.routers import Router
from channels.http.schemas.workouts import SetOut, SetPatch
from domain import commands as c

router = Router(prefix="/sets", tags=["sets"])


@router.patch("/{set_id}")
async def patch_set(set_id: uuid.UUID, body: SetPatch, who: Writer, spotter: App) -> SetOut:
    row = await spotter.bus.handle(c.UpdateSet(who.user_id, set_id, body.given()))
    return SetOut.of(row)


@router.delete("/{set_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete_set(set_id: uuid.UUID, who: Writer, spotter: App) -> None:
    await spotter.bus.handle(c.DeleteSet(who.user_id, set_id))
