"""A response's head waits for its body, so the two go out in one write (one TCP segment)."""

from __future__ import annotations

import asyncio
from typing import Any

from assistant.http_transport import HeadHoldingTransport, OnePacketHttp

HEAD = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n"


class Recording:
    def __init__(self) -> None:
        self.writes: list[bytes] = []
        self.closed = False

    def write(self, data: bytes) -> None:
        self.writes.append(bytes(data))

    def close(self) -> None:
        self.closed = True

    def is_closing(self) -> bool:
        return self.closed

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return ("127.0.0.1", 8000) if name == "sockname" else default


def holding() -> tuple[HeadHoldingTransport, Recording]:
    inner = Recording()
    return HeadHoldingTransport(inner), inner  # type: ignore[arg-type]


def test_head_and_body_are_one_write() -> None:
    t, inner = holding()
    t.write(HEAD)
    assert inner.writes == []
    t.write(b"{}")
    assert inner.writes == [HEAD + b"{}"]
    t.write(HEAD)  # the next response on the same connection is held again
    t.write(b"[]")
    assert inner.writes == [HEAD + b"{}", HEAD + b"[]"]


def test_an_empty_body_still_sends_the_head() -> None:
    t, inner = holding()
    t.write(b"HTTP/1.1 204 No Content\r\n\r\n")
    t.write(b"")
    assert inner.writes == [b"HTTP/1.1 204 No Content\r\n\r\n"]


def test_continue_and_other_writes_go_out_at_once() -> None:
    t, inner = holding()
    t.write(b"HTTP/1.1 100 Continue\r\n\r\n")
    assert inner.writes == [b"HTTP/1.1 100 Continue\r\n\r\n"]
    t.write(b"5\r\nhello\r\n")  # a chunk of a streamed body
    assert inner.writes[-1] == b"5\r\nhello\r\n"


def test_closing_sends_a_held_head_first() -> None:
    t, inner = holding()
    t.write(HEAD)
    t.close()
    assert inner.writes == [HEAD] and inner.closed


def test_everything_else_is_the_real_transport() -> None:
    t, _ = holding()
    assert t.get_extra_info("sockname") == ("127.0.0.1", 8000)
    assert t.is_closing() is False


async def ok_app(scope: Any, receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
    await send({"type": "http.response.body", "body": b"ok"})


def connected() -> tuple[OnePacketHttp, Recording]:
    import uvicorn
    from uvicorn.server import ServerState

    config = uvicorn.Config(ok_app, http=OnePacketHttp, log_level="warning")
    config.load()
    protocol = OnePacketHttp(config, ServerState(), {})
    inner = Recording()
    protocol.connection_made(inner)  # type: ignore[arg-type]
    return protocol, inner


async def answered(protocol: OnePacketHttp, request: bytes = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n") -> None:
    protocol.data_received(request)
    for _ in range(20):
        await asyncio.sleep(0)


async def test_the_server_protocol_answers_each_request_in_one_write() -> None:
    """uvicorn's own request cycle, on a connection made through OnePacketHttp."""
    protocol, inner = connected()
    for _ in range(2):  # keep-alive: two requests on the connection
        await answered(protocol)
    assert len(inner.writes) == 2
    assert all(w.startswith(b"HTTP/1.1 200 OK\r\n") and w.endswith(b"\r\n\r\nok") for w in inner.writes)


async def test_a_connection_the_worker_wants_moved_is_answered_then_closed() -> None:
    protocol, inner = connected()
    asked: list[OnePacketHttp] = []
    protocol.close_after = lambda conn: bool(asked) or asked.append(conn) is not None  # no, then yes
    await answered(protocol)
    assert b"connection: close" not in inner.writes[0].lower() and not inner.closed
    await answered(protocol)
    assert asked == [protocol]
    assert b"connection: close\r\n" in inner.writes[1].lower() and inner.writes[1].endswith(b"ok")
    assert inner.closed


async def test_a_client_that_closes_anyway_is_not_asked() -> None:
    protocol, inner = connected()
    calls: list[OnePacketHttp] = []
    protocol.close_after = lambda conn: calls.append(conn) is None
    await answered(protocol, b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert calls == [] and inner.closed
