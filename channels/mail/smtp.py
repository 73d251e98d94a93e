"""Sending mail over SMTP with the standard library (smtplib, in a thread: it blocks).

TLS: `starttls` (port 587: a plain connection upgraded before AUTH), `ssl` (implicit TLS, port 465)
or `none` (a relay on the same host). The server's certificate is always checked, against the
system's authorities or, with SMTP_CA_FILE, against that file (a private CA, a self-signed relay).

Mails are sent after the answer, in the background (`send_later`), for two reasons: a slow or
failing mail server does not hold the request up, and an answer takes as long whether or not a
mail went out (a password-reset request must not tell whether an account exists). A mail that
cannot be sent is logged with its cause; the user asks again. `aclose` waits for the mails under way.
"""

from __future__ import annotations

import asyncio
import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Literal

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    sender: str
    user: str | None = None
    password: str | None = None
    tls: Literal["starttls", "ssl", "none"] = "starttls"
    timeout_s: float = 10.0
    ca_file: str | None = None  # PEM certificates to trust instead of the system's

    def tls_context(self) -> ssl.SSLContext:
        """Certificate and host name checked (the standard library's defaults), TLS 1.2 at least."""
        context = ssl.create_default_context(cafile=self.ca_file)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        return context


class Mailer:
    def __init__(self, config: SmtpConfig) -> None:
        self.config = config
        self._pending: set[asyncio.Task[None]] = set()

    def send_later(self, message: EmailMessage) -> None:
        task = asyncio.get_running_loop().create_task(self._send_logged(message))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def send(self, message: EmailMessage) -> None:
        if "From" not in message:
            message["From"] = self.config.sender
        await asyncio.to_thread(self._send, message)

    async def _send_logged(self, message: EmailMessage) -> None:
        try:
            await self.send(message)
        except (OSError, smtplib.SMTPException) as exc:
            log.warning("could not send the mail %r: %s", message["Subject"], exc)

    def _send(self, message: EmailMessage) -> None:
        cfg = self.config
        smtp: smtplib.SMTP
        if cfg.tls == "ssl":
            smtp = smtplib.SMTP_SSL(cfg.host, cfg.port, timeout=cfg.timeout_s, context=cfg.tls_context())
        else:
            smtp = smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout_s)
        with smtp:
            if cfg.tls == "starttls":
                smtp.starttls(context=cfg.tls_context())
            if cfg.user:
                smtp.login(cfg.user, cfg.password or "")
            smtp.send_message(message)

    async def aclose(self, timeout_s: float = 10.0) -> None:
        """Wait (a while) for the mails under way."""
        if self._pending:
            await asyncio.wait(set(self._pending), timeout=timeout_s)
