"""Twilio SMS webhook: signature checked with the twilio package, users matched by linked number, TwiML out."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response
from twilio.twiml.messaging_response import MessagingResponse

from assistant.inbox import receive
from channels.http.deps import App
from channels.http.errors import ApiError
from channels.http.routers import Router
from channels.http.twilio_auth import verified_form

router = Router(prefix="/channels/twilio", tags=["channels"])


@router.post("/sms", response_class=Response)
async def sms(request: Request, spotter: App) -> Response:
    params = await verified_form(request, spotter.settings)
    sender, body = params.get("From", "").strip(), params.get("Body", "").strip()
    if not sender:
        raise ApiError(422, "Missing From", [{"field": "From", "message": "required"}])
    most = spotter.settings.max_message_chars
    answer = await receive(spotter.bus, spotter.reader, spotter.conversation, "sms", sender, body, max_chars=most)
    twiml = MessagingResponse()
    twiml.message(answer.text)
    return Response(str(twiml), media_type="application/xml")
