"""The listening socket the workers share: Nagle off on the connections it accepts."""

from __future__ import annotations

import socket

from assistant.server import config, listening_socket


def test_nagle_is_off_on_accepted_connections() -> None:
    listener = listening_socket(config("127.0.0.1", 0))
    try:
        with socket.create_connection(listener.getsockname()):
            accepted, _ = listener.accept()
            with accepted:
                assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
    finally:
        listener.close()
