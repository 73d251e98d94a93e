"""The OpenAPI document, told true: who may call each operation and every error it can answer.

FastAPI documents what a route declares; what the layers around the routes do is added here, read
from the routes themselves so that it cannot drift:

- security: Bearer and `X-API-Key` schemes, on each operation that needs a caller (its
  dependencies include `reader`, `writer` or `token_only`; the last takes a token only);
- 401 and 403 on those; 429 and 503 on every rate-limited operation (channels/http/ratelimit.py);
  413 on a body (BodyLimit); 409 and an `Idempotency-Key` header on each POST (Idempotency); 422,
  with the error envelope instead of FastAPI's own shape, on each operation that takes input.

Route-specific answers (404, 409) are declared on the route with `errors(...)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from channels.http.deps import reader, token_only, writer
from channels.http.schemas import ErrorOut

ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}
SCHEMES = {
    "bearerAuth": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "The `access_token` of POST /auth/login or /auth/register (renew it with /auth/refresh)",
    },
    "apiKey": {
        "type": "apiKey",
        "in": "header",
        "name": "X-API-Key",
        "description": "A key made with POST /me/api-keys (scopes read and write)",
    },
}
MEANING = {
    401: "Not signed in, or the token or API key is invalid, expired or revoked, or its account is gone",
    403: "The API key lacks the scope this needs, or an API key is used where a signed-in session is needed",
    404: "Not found (another user's record is not found either)",
    409: "Conflicts with the current state, or the Idempotency-Key was used with another request",
    413: "The body is larger than the server takes (MAX_BODY_BYTES; audio: MAX_AUDIO_UPLOAD_BYTES, MAX_AUDIO_S)",
    422: "The request is not valid: `details` names each field and what is wrong with it",
    429: "Too many requests (RATE_LIMIT, AUTH_RATE_LIMIT, LOGIN_FAILURE_LIMIT); Retry-After says when to come back",
    503: "A required dependency is down (Redis, with REDIS_OUTAGE=refuse); Retry-After says when to try again",
}
IDEMPOTENCY_KEY = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "The same key with the same body replays the first answer; with another body it is a 409",
    "schema": {"type": "string", "pattern": r"^[!-~]([ -~]{0,253}[!-~])?$"},
}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """Route-specific error answers, for a route decorator's `responses=`."""
    return {code: {"description": MEANING[code], "model": ErrorOut} for code in codes}


def refused(why: str, code: int = 403) -> dict[int | str, dict[str, Any]]:
    """A webhook's refusal (a request not from the provider it claims), for `responses=`."""
    return {code: {"description": why, "model": ErrorOut}}


Served = tuple[str, APIRouter]  # a router and the prefix the app includes it under


def install(app: FastAPI, served: list[Served], rate_exempt: tuple[str, ...]) -> None:
    """Serve the document with what the layers around the routes add (built once, on first request).
    `served`: every router the app includes, with its prefix (a router included twice comes twice)."""
    generate = app.openapi

    def document() -> dict[str, Any]:
        if app.openapi_schema is None:
            tell_the_truth(generate(), served, rate_exempt)
        return app.openapi_schema or {}

    app.openapi = document  # type: ignore[method-assign]  # FastAPI's documented way to extend the document


def tell_the_truth(spec: dict[str, Any], served: list[Served], rate_exempt: tuple[str, ...]) -> None:
    components = spec.setdefault("components", {})
    components["securitySchemes"] = SCHEMES
    schemas = components.setdefault("schemas", {})
    envelope = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(envelope.pop("$defs", {}))
    schemas["ErrorOut"] = envelope
    for prefix, router in served:
        for route in router.routes:
            if not isinstance(route, APIRoute) or not route.include_in_schema:
                continue
            path = prefix + route.path_format
            for method in route.methods or ():
                operation = spec["paths"].get(path, {}).get(method.lower())
                if operation is not None:
                    _describe(operation, route, method, path not in rate_exempt)
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)


def _describe(operation: dict[str, Any], route: APIRoute, method: str, rate_limited: bool) -> None:
    callers = _callers(route.dependant)
    codes: set[int] = set()
    if callers:
        operation["security"] = [{"bearerAuth": []}] + ([{"apiKey": []}] if callers != {token_only} else [])
        codes |= {401, 403}
    if rate_limited:
        codes |= {429, 503}
    if "requestBody" in operation:
        codes.add(413)
    if "{" in route.path_format:  # names a record, which may not be there (or be someone else's)
        codes.add(404)
    if "channels" in operation.get("tags", []):  # signed by the provider (Twilio, Telegram)
        codes |= {403, 413}
    if method == "POST":
        operation.setdefault("parameters", []).append(IDEMPOTENCY_KEY)
        codes.add(409)
    if operation.get("parameters") or "requestBody" in operation:
        codes.add(422)
    responses = operation.setdefault("responses", {})
    for code in sorted(codes):
        responses.setdefault(str(code), {"description": MEANING[code]})
    for code, answer in responses.items():  # FastAPI's own 422 shape is not what the app answers
        if code.startswith(("4", "5")) and ("content" not in answer or code == "422"):
            answer["content"] = {"application/json": {"schema": ERROR_REF}}


def _callers(dependant: Dependant) -> set[Callable[..., Any]]:
    """Which of the caller checks an operation depends on (directly or through other dependencies)."""
    return {call for call in _calls(dependant) if call in (reader, writer, token_only)}


def _calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for sub in dependant.dependencies:
        if sub.call is not None:
            yield sub.call
        yield from _calls(sub)
