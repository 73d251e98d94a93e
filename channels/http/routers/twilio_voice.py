"""Phone calls: a signed TwiML webhook that connects the call to our Media Streams socket."""

from __future__ import annotations

from fastapi import Request, WebSocket
from fastapi.responses import Response
from twilio.twiml.voice_response import Connect, VoiceResponse

from assistant.inbox import NOT_LINKED
from channels.http.deps import App
from channels.http.phone_session import PhoneSession
from channels.http.routers import Router
from channels.http.security import issue_access_token
from channels.http.twilio_auth import verified_form
from domain import queries

router = Router(prefix="/channels/twilio", tags=["channels"])
STREAM_TOKEN_TTL_S = 120


@router.post("/voice", response_class=Response)
async def voice(request: Request, spotter: App) -> Response:
    """Twilio asks what to do with an incoming call: stream it to us, with a short-lived token."""
    params = await verified_form(request, spotter.settings)
    async with spotter.reader() as uow:
        user_id = await queries.channel_user(uow, "sms", params.get("From", ""))
    answer = VoiceResponse()
    if user_id is None:
        answer.say(NOT_LINKED.replace("LINK 123456", "the word link and your code, by text message"))
        answer.hangup()
        return Response(str(answer), media_type="application/xml")
    base = (spotter.settings.public_base_url or str(request.base_url)).rstrip("/")
    stream_url = base.replace("https://", "wss://").replace("http://", "ws://") + "/api/v1/channels/twilio/media"
    connect = Connect()
    stream = connect.stream(url=stream_url)
    stream.parameter(name="token", value=issue_access_token(user_id, spotter.settings.jwt_secret, STREAM_TOKEN_TTL_S))
    answer.say("Spotter here. Tell me your sets.")
    answer.append(connect)
    return Response(str(answer), media_type="application/xml")


@router.websocket("/media")
async def media(ws: WebSocket) -> None:
    """Twilio Media Streams: connected, start (with our token), media (μ-law 8 kHz), stop."""
    await PhoneSession(ws, ws.app.state.spotter).run()
