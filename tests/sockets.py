"""Event-socket helpers for tests: an app served on a loopback port in this process, a WebSocket
client that skips what a test is not looking for, and a raw client that never reads (a slow
consumer whose buffers fill)."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import socket
import struct
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import uvicorn
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed


@asynccontextmanager
async def served(app: Any) -> AsyncIterator[str]:
    """`app` (already started: its lifespan is the caller's) served by uvicorn on a free loopback
    port in this event loop; yields the base URL."""
    config = uvicorn.Config(app, host="127.0.0.1", port=0, lifespan="off", log_level="warning", ws_max_size=1 << 20)
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    try:
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.01)
        port = server.servers[0].sockets[0].getsockname()[1]
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 30)


def ws_url(base: str, path: str) -> str:
    return base.replace("http://", "ws://") + "/api/v1" + path


@asynccontextmanager
async def event_socket(base: str, path: str, first: dict[str, Any]) -> AsyncIterator[ClientConnection]:
    """An event socket after its auth message (the `ready` answer read, when there is one)."""
    async with connect(ws_url(base, path), max_size=1 << 22, open_timeout=10) as ws:
        await ws.send(json.dumps(first))
        yield ws


async def ready(ws: ClientConnection) -> dict[str, Any]:
    message = json.loads(await asyncio.wait_for(ws.recv(), 10))
    assert message["type"] == "ready", message
    return dict(message)


async def next_of(ws: ClientConnection, *types: str, within: float = 10) -> dict[str, Any]:
    """The next message of one of `types`, others skipped (heartbeats, stats, other events)."""
    deadline = time.monotonic() + within
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"no {types} within {within} s")
        message = json.loads(await asyncio.wait_for(ws.recv(), left))
        if message["type"] in types:
            return dict(message)


async def close_code(ws: ClientConnection, within: float = 10) -> int | None:
    """Read until the server closes; its close code."""
    try:
        async with asyncio.timeout(within):
            while True:
                await ws.recv()
    except ConnectionClosed as closed:
        return closed.rcvd.code if closed.rcvd is not None else None


async def quiet(ws: ClientConnection, seconds: float) -> list[dict[str, Any]]:
    """Whatever comes within `seconds`."""
    got = []
    try:
        async with asyncio.timeout(seconds):
            while True:
                got.append(json.loads(await ws.recv()))
    except TimeoutError:
        pass
    return got


class RawSocket:
    """A WebSocket client on a plain TCP socket with a small receive buffer, which reads only when
    told: the server's sends back up as they would for a client that cannot keep up."""

    def __init__(self, base: str, path: str, rcvbuf: int = 4096) -> None:
        host, port = base.removeprefix("http://").split(":")
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sock.settimeout(10)
        self.sock.connect((host, int(port)))
        key = base64.b64encode(os.urandom(16)).decode()
        request = (
            f"GET /api/v1{path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        self.sock.sendall(request.encode())
        self.buffer = b""
        while b"\r\n\r\n" not in self.buffer:
            self.buffer += self.sock.recv(4096)
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        assert head.startswith(b"HTTP/1.1 101"), head

    def send_text(self, text: str) -> None:
        data, mask = text.encode(), os.urandom(4)
        size = len(data)
        header = bytes([0x81]) + (bytes([0x80 | size]) if size < 126 else bytes([0x80 | 126]) + struct.pack("!H", size))
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _read(self, n: int) -> bytes:
        while len(self.buffer) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError
            self.buffer += chunk
        out, self.buffer = self.buffer[:n], self.buffer[n:]
        return out

    def frames(self) -> tuple[list[dict[str, Any]], int | None]:
        """Every message until the server's close frame (or the end of the stream): the messages
        and the close code (None: no close frame came)."""
        messages: list[dict[str, Any]] = []
        try:
            while True:
                first, second = self._read(2)
                size = second & 0x7F
                if size == 126:
                    size = struct.unpack("!H", self._read(2))[0]
                elif size == 127:
                    size = struct.unpack("!Q", self._read(8))[0]
                body = self._read(size)
                if first & 0x0F == 0x8:
                    return messages, struct.unpack("!H", body[:2])[0] if len(body) >= 2 else None
                if first & 0x0F == 0x1:
                    messages.append(json.loads(body))
        except (EOFError, OSError):
            return messages, None

    def close(self) -> None:
        self.sock.close()
