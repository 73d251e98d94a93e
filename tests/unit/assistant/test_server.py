"""Listening sockets: Nagle off (inherited by accepted connections), SO_REUSEPORT only for workers."""

from __future__ import annotations

import socket

from assistant.server import listening_socket


def test_nodelay_is_inherited_and_reuse_port_lets_workers_share_the_port() -> None:
    first = listening_socket("127.0.0.1", 0, reuse_port=True)
    port = first.getsockname()[1]
    second = listening_socket("127.0.0.1", port, reuse_port=True)  # a second worker on the same port
    try:
        assert first.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT) == 1
        with socket.create_connection(("127.0.0.1", port)):
            accepted = None
            for listener in (first, second):
                listener.settimeout(0.2)
                try:
                    accepted, _ = listener.accept()
                    break
                except TimeoutError:
                    continue
            assert accepted is not None
            with accepted:
                assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
    finally:
        first.close()
        second.close()


def test_a_single_server_does_not_share_its_port() -> None:
    sock = listening_socket("127.0.0.1", 0, reuse_port=False)
    try:
        assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT) == 0
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
    finally:
        sock.close()
