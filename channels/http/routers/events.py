"""WebSocket /events: every event of the signed-in lifter, filtered by type, resumable (api.md, "live")."""

from __future__ import annotations

from fastapi import WebSocket

from channels.http.event_socket import EventSocket
from channels.http.routers import Router

router = Router(prefix="/events", tags=["events"])


@router.websocket("")
async def events(ws: WebSocket) -> None:
    await EventSocket(ws, ws.app.state.spotter).run()
