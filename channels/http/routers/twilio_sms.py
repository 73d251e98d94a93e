"""Twilio SMS webhook: signature checked with the twilio package, users matched by linked number, TwiML out."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from assistant.inbox import receive
from channels.http.deps import App
from channels.http.errors import ApiError

router = APIRouter(prefix="/channels/twilio", tags=["channels"])


def signed_url(request: Request, public_base_url: str | None) -> str:
    """The URL Twilio signed: our public address when behind a proxy, else what we were called with."""
    if public_base_url:
        query = f"?{request.url.query}" if request.url.query else ""
        return public_base_url.rstrip("/") + request.url.path + query
    return str(request.url)


@router.post("/sms", response_class=Response)
async def sms(request: Request, spotter: App) -> Response:
    token = spotter.settings.twilio_auth_token
    if not token:
        raise ApiError(503, "SMS is not configured on this server", code="NOT_CONFIGURED")
    form = await request.form(max_fields=64)
    params = {k: str(v) for k, v in form.items()}
    signature = request.headers.get("x-twilio-signature", "")
    if not RequestValidator(token).validate(signed_url(request, spotter.settings.public_base_url), params, signature):
        raise ApiError(403, "Invalid X-Twilio-Signature")
    sender, body = params.get("From", "").strip(), params.get("Body", "").strip()
    if not sender:
        raise ApiError(422, "Missing From", [{"field": "From", "message": "required"}])
    answer = await receive(spotter, "sms", sender, body[:1000])
    twiml = MessagingResponse()
    twiml.message(answer.text)
    return Response(str(twiml), media_type="application/xml")
