"""A real SMTP server on loopback (aiosmtpd, in a thread of its own) that keeps what it receives."""

from __future__ import annotations

import asyncio
import re
import socket
import ssl
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: EmailMessage

    @property
    def body(self) -> str:
        part = self.message.get_body(("plain",))
        return str(part.get_content()) if part is not None else ""

    def link(self, action: str) -> str:
        found = re.search(rf"https?://\S+/account#{action}=(\S+)", self.body)
        assert found, self.body
        return found.group(0)

    def token(self, action: str) -> str:
        return self.link(action).split(f"#{action}=", 1)[1]


@dataclass
class FakeSmtp:
    """`user`/`password` set: the server asks for them (AUTH over the plain connection, as a test may,
    unless `tls` is given). `tls`: a server certificate's context; with `implicit` the connection is
    TLS from the first byte (port 465), else the server offers STARTTLS and requires it."""

    user: str | None = None
    password: str | None = None
    tls: ssl.SSLContext | None = None
    implicit: bool = False
    received: list[Received] = field(default_factory=list)
    port: int = 0
    _controller: Any = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # aiosmtpd's hook name
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 OK"

    def _authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
            (self.user or "").encode(),
            (self.password or "").encode(),
        )
        return AuthResult(success=ok)

    def start(self) -> FakeSmtp:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        auth: dict[str, Any] = {}
        if self.user:
            # aiosmtpd counts only STARTTLS as TLS: with implicit TLS the whole connection is encrypted anyway
            require_tls = self.tls is not None and not self.implicit
            auth = {"authenticator": self._authenticate, "auth_required": True, "auth_require_tls": require_tls}
        if self.tls is not None and self.implicit:
            auth["ssl_context"] = self.tls
        elif self.tls is not None:
            auth.update(tls_context=self.tls, require_starttls=True)
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port, **auth)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()

    def to(self, address: str) -> list[Received]:
        return [r for r in self.received if address in r.recipients]

    async def wait_for(self, address: str, count: int = 1, timeout_s: float = 10.0) -> list[Received]:
        """The mails to `address` once there are `count` of them (mails go out after the answer)."""
        deadline = time.monotonic() + timeout_s
        while len(self.to(address)) < count:
            assert time.monotonic() < deadline, f"no mail to {address} within {timeout_s} s"
            await asyncio.sleep(0.02)
        return self.to(address)
