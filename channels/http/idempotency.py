"""Idempotency-Key for POSTs: the same key and body replays the first response; another body is 409.

The answer is stored before it leaves: a client that retries the moment it has the first answer
gets the replay, never "still in progress". Answers marked `Cache-Control: no-store` (tokens:
login, registration, refresh, a new API key) are never stored, so no secret sits in the table; a
caller whose API key has been revoked gets no replay (the app answers 401 instead).

The body is held in a spooled temporary file (on disk past SPOOL_BYTES: an upload of tens of
megabytes is not kept in memory), and a multipart body is fingerprinted without its boundary, which
clients draw anew for each try of the same upload.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from collections.abc import Callable
from datetime import timedelta
from typing import IO, Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from channels.http.errors import error_response
from channels.http.middleware import headers_dict
from channels.http.security import api_key_user, bearer, caller_key, read_access_token
from domain.models import IdempotencyRecord, utcnow

NOT_STORED = {401, 403, 408, 429}
SPOOL_BYTES = 1_048_576  # a body larger than this waits on disk
CHUNK = 65_536
BOUNDARY = re.compile(r"boundary=\"?([^\";]+)\"?", re.IGNORECASE)
VALID_KEY = re.compile(r"[!-~]([ -~]{0,253}[!-~])?")  # 1 to 255 visible ASCII characters (openapi.IDEMPOTENCY_KEY)


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
        if not VALID_KEY.fullmatch(key):
            await error_response(
                422,
                "Idempotency-Key must be 1 to 255 visible ASCII characters",
                [{"field": "Idempotency-Key", "message": "1 to 255 visible ASCII characters"}],
            )(scope, receive, send)
            return
        with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as body:
            complete = await _read_body(receive, body)
            await self._handle(scope, receive, send, headers, key, body, complete)

    async def _handle(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        headers: dict[str, str],
        key: str,
        body: IO[bytes],
        complete: bool,
    ) -> None:
        sent = False

        async def replay_receive() -> Message:
            """The body again, a chunk at a time; after it, what the client does (a disconnect)."""
            nonlocal sent
            if sent:
                return await receive()
            chunk = body.read(CHUNK)
            sent = len(chunk) < CHUNK
            return {"type": "http.request", "body": chunk, "more_body": not sent}

        if not complete:  # the client went away or the body was refused as too large: nothing to remember
            await self.app(scope, _gone, send)
            return
        if not await self._key_is_live(headers):
            body.seek(0)
            await self.app(scope, replay_receive, send)  # no replay for a revoked key: the app refuses it
            return
        who = caller_key(headers, self.secret, (scope.get("client") or ("unknown", 0))[0])
        fingerprint = _fingerprint(scope["path"], body, headers.get("content-type", ""))
        body.seek(0)
        record_id, early = await self._claim(who, key, scope["path"], fingerprint)
        if early is not None:
            await early(scope, receive, send)
            return
        held: list[Message] = []
        settled = False

        async def store_then_send(message: Message) -> None:
            """Hold the answer until its last part, store it, then let it go."""
            nonlocal settled
            held.append(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                await self._settle(record_id, held)
                settled = True
                for part in held:
                    await send(part)

        try:
            await self.app(scope, replay_receive, store_then_send)
        finally:
            if not settled:  # the app failed before answering: the key may be used again
                await self._forget(record_id)

    async def _key_is_live(self, headers: dict[str, str]) -> bool:
        """False only for an API key (without a valid token) that the store no longer knows."""
        token = bearer(headers.get("authorization"))
        if token and read_access_token(token, self.secret) is not None:
            return True
        api_key = headers.get("x-api-key")
        return not api_key or await api_key_user(self.spotter, api_key) is not None

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

    async def _settle(self, record_id: Any, messages: list[Message]) -> None:
        """Store the answer for replays, or forget the key when the answer must not be replayed."""
        start = next(m for m in messages if m["type"] == "http.response.start")
        status = int(start["status"])
        head = {k.lower(): v.decode("latin-1") for k, v in start.get("headers", [])}
        if status >= 500 or status in NOT_STORED or "no-store" in head.get(b"cache-control", "").lower():
            await self._forget(record_id)
            return
        body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
        async with self.spotter().uow() as uow:
            await uow.session.execute(
                update(IdempotencyRecord)
                .where(IdempotencyRecord.id == record_id)
                .values(
                    status_code=status,
                    response_body=body.decode("utf-8", "replace"),
                    content_type=head.get(b"content-type", "application/json"),
                )
            )
            await uow.commit()

    async def _forget(self, record_id: Any) -> None:
        async with self.spotter().uow() as uow:
            await uow.session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.id == record_id))
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


async def _read_body(receive: Receive, into: IO[bytes]) -> bool:
    """The whole body written to `into`; whether it arrived complete."""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return False
        into.write(message.get("body", b""))
        if not message.get("more_body"):
            into.seek(0)
            return True


def _fingerprint(path: str, body: IO[bytes], content_type: str) -> str:
    """SHA-256 of the path and the body; a multipart body's boundary left out (a retry draws a new one)."""
    digest = hashlib.sha256(path.encode() + b"\0")
    found = BOUNDARY.search(content_type) if content_type.startswith("multipart/") else None
    boundary = found.group(1).encode("latin-1") if found else b""
    body.seek(0)
    carry = b""
    while chunk := body.read(CHUNK):
        data = carry + chunk
        if boundary:
            data = data.replace(boundary, b"")
            keep = len(boundary) - 1  # a boundary cut by the chunk's end is completed by the next chunk
            data, carry = (data[:-keep], data[-keep:]) if keep and len(data) > keep else (b"", data)
        digest.update(data)
    digest.update(carry)
    return digest.hexdigest()


async def _gone() -> Message:
    return {"type": "http.disconnect"}
