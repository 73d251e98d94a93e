"""One packet per HTTP response: uvicorn writes a response's head and its body separately.

uvicorn's HTTP protocol calls `transport.write` once for the status line and headers and once
for the body, and with TCP_NODELAY each write is its own send() and its own TCP segment: two
system calls on the server and two wake-ups of the client for every answer. `OnePacketHttp`
holds a response head back until the first write of its body (or the connection closing), and
sends both together. A "100 Continue" goes out at once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

_HEAD_END = b"\r\n\r\n"


class HeadHoldingTransport:
    """Delegates to `transport`, holding a response head until the next write."""

    def __init__(self, transport: asyncio.Transport) -> None:
        self._transport = transport
        self._head = b""

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if self._head:
            data, self._head = self._head + data, b""
        elif data[:9] == b"HTTP/1.1 " and data[-4:] == _HEAD_END and data[9:10] != b"1":
            self._head = bytes(data)
            return
        if data:
            self._transport.write(data)

    def close(self) -> None:
        if self._head:
            self._transport.write(self._head)
            self._head = b""
        self._transport.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class OnePacketHttp(HttpToolsProtocol):
    # Asked as each request arrives whether to close the connection once it is answered (set by a
    # worker that moves connections to a less loaded one, assistant/handoff.py).
    close_after: Callable[[OnePacketHttp], bool] | None = None

    def on_headers_complete(self) -> None:
        super().on_headers_complete()
        cycle = self.cycle  # this request's, unless it was an upgrade (no cycle of its own)
        if self.close_after is None or cycle is None or cycle.response_started or not cycle.keep_alive:
            return
        if self.close_after(self):
            cycle.keep_alive = False  # answered with "Connection: close", then closed

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(HeadHoldingTransport(transport))  # type: ignore[arg-type]
