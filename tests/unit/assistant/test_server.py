"""The listening socket: Nagle off, inherited by accepted connections (one packet per answer at once)."""

from __future__ import annotations

import socket

from assistant.server import listening_socket


def test_nodelay_is_inherited_by_accepted_connections() -> None:
    listener = listening_socket("127.0.0.1", 0)
    try:
        assert listener.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
        with socket.create_connection(listener.getsockname()):
            accepted, _ = listener.accept()
            with accepted:
                assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
    finally:
        listener.close()
