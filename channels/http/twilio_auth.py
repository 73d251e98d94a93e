"""Twilio webhooks: the form a request carries, accepted only with a valid X-Twilio-Signature."""

from __future__ import annotations

from fastapi import Request
from twilio.request_validator import RequestValidator

from assistant.settings import Settings
from channels.http.errors import ApiError


def signed_url(request: Request, public_base_url: str | None) -> str:
    """The URL Twilio signed: our public address when behind a proxy, else what we were called with."""
    if public_base_url:
        query = f"?{request.url.query}" if request.url.query else ""
        return public_base_url.rstrip("/") + request.url.path + query
    return str(request.url)


async def verified_form(request: Request, settings: Settings) -> dict[str, str]:
    """404 when Twilio is not configured (its routes are not mounted then), 403 when the signature
    does not match, else the form."""
    token = settings.twilio_auth_token
    if not token:
        raise ApiError(404, "Twilio is not configured on this server: set TWILIO_AUTH_TOKEN")
    form = await request.form(max_fields=64)
    params = {k: str(v) for k, v in form.items()}
    signature = request.headers.get("x-twilio-signature", "")
    if not RequestValidator(token).validate(signed_url(request, settings.public_base_url), params, signature):
        raise ApiError(403, "Invalid X-Twilio-Signature")
    return params
