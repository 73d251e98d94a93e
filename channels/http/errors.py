"""The error envelope, and the one place errors become status codes."""

from __future__ import annotations

import logging
import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from assistant.outage import DependencyDown
from channels.http.context import request_id
from domain.errors import AuthFailed, Conflict, DomainError, Forbidden, Invalid, NotFound, TooLarge

log = logging.getLogger("spotter.http")

STATUS = {NotFound: 404, Conflict: 409, Invalid: 422, AuthFailed: 401, Forbidden: 403, TooLarge: 413}
CODES = {
    400: "BAD_REQUEST",
    401: "AUTH_REQUIRED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "CONFLICT",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    422: "VALIDATION_ERROR",
    429: "RATE_LIMITED",
    500: "INTERNAL",
}


class ApiError(Exception):
    def __init__(
        self,
        status: int,
        message: str,
        details: list[dict[str, Any]] | None = None,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.message, self.details = status, message, details or []
        self.code = code or CODES.get(status, "ERROR")
        self.headers = headers or {}


def envelope(
    code: str, message: str, details: list[dict[str, Any]] | None = None, rid: str | None = None
) -> dict[str, Any]:
    return {
        "error": {"code": code, "message": message, "details": details or []},
        "meta": {"request_id": rid or request_id.get()},
    }


def error_response(
    status: int,
    message: str,
    details: list[dict[str, Any]] | None = None,
    code: str | None = None,
    headers: dict[str, str] | None = None,
    rid: str | None = None,
) -> JSONResponse:
    return JSONResponse(
        envelope(code or CODES.get(status, "ERROR"), message, details, rid), status_code=status, headers=headers
    )


def _field(loc: tuple[Any, ...]) -> str:
    # "~name": which shape of a body a union chose (routers/metrics.py), not a field
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header") and not str(p).startswith("~")]
    out = ""
    for p in parts:
        out += f"[{p}]" if p.isdigit() else (f".{p}" if out else p)
    return out or "body"


def validation_details(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    details = []
    for e in errors:
        if e.get("type") == "json_invalid":
            details.append({"field": "body", "message": f"malformed JSON: {e.get('ctx', {}).get('error', 'invalid')}"})
        else:
            details.append({"field": _field(tuple(e.get("loc", ()))), "message": e.get("msg", "invalid")})
    return details


METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def allowed_methods(request: Request) -> list[str]:
    """The methods the resource at this path takes, as the OpenAPI document says (a 405 from Starlette
    names only the first route's; a literal path such as /workouts/batch is a resource of its own, not
    an id of /workouts/{workout_id}). Paths the document leaves out (the docs pages, static files)
    are asked of the app's own routes."""
    documented = _documented(request.app)
    path = request.url.path
    found = documented.get(path) or {
        m for pattern, methods in documented.items() if "{" in pattern for m in methods if _fits(pattern, path)
    }
    if found:
        return [m for m in METHODS if m in found]
    for method in METHODS:
        scope = {**request.scope, "method": method}
        for route in request.app.routes:
            if route.matches(scope)[0] == Match.FULL:
                found.add(method)
                break
    return [m for m in METHODS if m in found] or ["GET", "HEAD"]  # else a mounted static file: reads only


def _documented(app: FastAPI) -> dict[str, set[str]]:
    known: dict[str, set[str]] | None = getattr(app.state, "documented_methods", None)
    if known is None:
        paths = app.openapi().get("paths", {})
        known = {path: {m.upper() for m in ops if m.upper() in METHODS} for path, ops in paths.items()}
        app.state.documented_methods = known
    return known


def _fits(pattern: str, path: str) -> bool:
    """Whether a templated path (/workouts/{workout_id}) reads this path, each {part} one segment."""
    want, have = pattern.split("/"), path.split("/")
    return len(want) == len(have) and all(w == h or (w.startswith("{") and h) for w, h in zip(want, have, strict=False))


def install(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(_: Request, exc: DomainError) -> JSONResponse:
        status = next((s for cls, s in STATUS.items() if isinstance(exc, cls)), 400)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return error_response(status, exc.message, exc.details, exc.code, headers)

    @app.exception_handler(ApiError)
    async def _api(_: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.message, exc.details, exc.code, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        details = validation_details(list(exc.errors()))
        message = (
            "Malformed JSON body"
            if any(d["message"].startswith("malformed JSON") for d in details)
            else "Request is not valid"
        )
        return error_response(422, message, details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else "HTTP error"
        if exc.status_code == 400:  # a body FastAPI could not read (not UTF-8): malformed, as api.md has it
            return error_response(
                422, "Malformed JSON body", [{"field": "body", "message": f"malformed JSON: {message}"}]
            )
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(allowed_methods(request))
        return error_response(exc.status_code, message, headers=headers)

    @app.exception_handler(DependencyDown)
    async def _down(_: Request, exc: DependencyDown) -> JSONResponse:
        wait = {"Retry-After": str(math.ceil(exc.retry_after_s))}
        return error_response(503, str(exc), code="UNAVAILABLE", headers=wait)

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception) -> JSONResponse:
        # Starlette answers an unhandled error outside every middleware, after RequestContext has
        # finished with the request: its id is read from the scope, where RequestContext left it.
        rid = str(getattr(request.state, "request_id", None) or request_id.get())
        log.error("unhandled error (request %s)", rid, exc_info=exc)
        message = "Something went wrong on our side; it has been logged"
        return error_response(500, message, headers={"X-Request-ID": rid}, rid=rid)
