"""Idempotency-Key for POSTs: the same key and body replays the first response; another body is 409."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from channels.http.errors import error_response
from channels.http.middleware import headers_dict
from channels.http.security import caller_key
from domain.models import IdempotencyRecord, utcnow

NOT_STORED = {401, 403, 408, 429}


class Idempotency:
    def __init__(self, app: ASGIApp, spotter: Callable[[], Any], secret: str, ttl_hours: int = 24) -> None:
        self.app, self.spotter, self.secret = app, spotter, secret
        self.ttl = timedelta(hours=ttl_hours)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = headers_dict(scope) if scope["type"] == "http" else {}
        key = headers.get("idempotency-key")
        if scope["type"] != "http" or scope["method"] != "POST" or key is None:
            await self.app(scope, receive, send)
            return
        if not key or len(key) > 255:
            await error_response(
                422,
                "Idempotency-Key must be 1 to 255 characters",
                [{"field": "Idempotency-Key", "message": "1 to 255 characters"}],
            )(scope, receive, send)
            return
        body, complete = await _read_body(receive)
        if not complete:  # the client went away or the body was refused as too large: nothing to remember
            await self.app(scope, _gone, send)
            return
        who = caller_key(headers, self.secret, (scope.get("client") or ("unknown", 0))[0])
        fingerprint = hashlib.sha256(scope["path"].encode() + b"\0" + body).hexdigest()
        record_id, early = await self._claim(who, key, scope["path"], fingerprint)
        if early is not None:
            await early(scope, receive, send)
            return
        status, chunks, content_type = 500, [], "application/json"

        async def replay_receive() -> Message:
            return {"type": "http.request", "body": body, "more_body": False}

        async def capture(message: Message) -> None:
            nonlocal status, content_type
            if message["type"] == "http.response.start":
                status = message["status"]
                for k, v in message.get("headers", []):
                    if k.lower() == b"content-type":
                        content_type = v.decode("latin-1")
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, replay_receive, capture)
        finally:
            await self._settle(record_id, status, b"".join(chunks), content_type)

    async def _claim(self, who: str, key: str, path: str, fingerprint: str) -> tuple[Any, Response | None]:
        async with self.spotter().uow() as uow:
            for _ in range(2):
                rec = await uow.session.scalar(
                    select(IdempotencyRecord).where(IdempotencyRecord.scope == who, IdempotencyRecord.key == key)
                )
                if rec is not None and rec.created_at < utcnow() - self.ttl:
                    await uow.session.delete(rec)
                    await uow.commit()
                    rec = None
                if rec is not None:
                    return None, _answer(rec, fingerprint)
                rec = IdempotencyRecord(scope=who, key=key, method="POST", path=path[:500], body_hash=fingerprint)
                uow.session.add(rec)
                try:
                    await uow.commit()
                    return rec.id, None
                except IntegrityError:
                    await uow.rollback()
        return None, error_response(409, "A request with this Idempotency-Key is still in progress")

    async def _settle(self, record_id: Any, status: int, body: bytes, content_type: str) -> None:
        async with self.spotter().uow() as uow:
            if status >= 500 or status in NOT_STORED:
                await uow.session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.id == record_id))
            else:
                await uow.session.execute(
                    update(IdempotencyRecord)
                    .where(IdempotencyRecord.id == record_id)
                    .values(
                        status_code=status, response_body=body.decode("utf-8", "replace"), content_type=content_type
                    )
                )
            await uow.commit()


def _answer(rec: IdempotencyRecord, fingerprint: str) -> Response:
    if rec.body_hash != fingerprint:
        return error_response(
            409,
            "This Idempotency-Key was already used with a different request",
            [{"field": "Idempotency-Key", "message": "reuse only with the identical request"}],
        )
    if rec.status_code is None:
        return error_response(409, "A request with this Idempotency-Key is still in progress")
    return Response(
        rec.response_body or "",
        status_code=rec.status_code,
        media_type=rec.content_type,
        headers={"Idempotent-Replayed": "true"},
    )


async def _read_body(receive: Receive) -> tuple[bytes, bool]:
    """The whole body, and whether it arrived complete."""
    parts: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return b"".join(parts), False
        parts.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(parts), True


async def _gone() -> Message:
    return {"type": "http.disconnect"}
