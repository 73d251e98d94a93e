"""Mail and SMS for reminders (assistant/reminders.py: `Outbox`), built from the settings once per
process: by the app's lifespan and by `python -m assistant worker`, which loads `attach` by name.

Mail goes through the account mails' SMTP sender (channels/mail); SMS through Twilio's REST client
(`twilio` package), its base URL TWILIO_API_URL so that tests point it at a loopback fake. Twilio's
client blocks, so each message is sent in a thread. A message Twilio refuses for good (a 4xx other
than 429: a bad or unsubscribed number, say) raises `Conflict`, which fails the job at once; anything
else (429, 5xx, the network) is left to the job's retries.
"""

from __future__ import annotations

import asyncio
from email.message import EmailMessage
from typing import Any

from twilio.base.exceptions import TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client

from assistant.settings import Settings
from channels.mail import Mailer, SmtpConfig
from domain.errors import Conflict

TWILIO_API = "https://api.twilio.com"


def smtp_config(settings: Settings) -> SmtpConfig | None:
    """The SMTP settings, when SMTP_HOST and MAIL_FROM are set."""
    if not settings.smtp_host or not settings.mail_from:
        return None
    return SmtpConfig(
        host=settings.smtp_host,
        port=settings.smtp_port,
        sender=settings.mail_from,
        user=settings.smtp_user,
        password=settings.smtp_password,
        tls=settings.smtp_tls,
        timeout_s=settings.smtp_timeout_s,
        ca_file=settings.smtp_ca_file,
    )


class BaseUrlHttpClient(TwilioHttpClient):
    """Twilio's own HTTP client, its API's origin replaced by TWILIO_API_URL."""

    def __init__(self, base_url: str, timeout: float) -> None:
        super().__init__(timeout=timeout)
        self.base_url = base_url.rstrip("/")

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Response:
        if url.startswith(TWILIO_API):
            url = self.base_url + url[len(TWILIO_API) :]
        return super().request(method, url, *args, **kwargs)


class Outbox:
    def __init__(self, mailer: Mailer | None, twilio: Client | None, sms_from: str | None) -> None:
        self.mailer, self.twilio, self.sms_from = mailer, twilio, sms_from

    def offers(self, channel: str) -> bool:
        return (channel == "email" and self.mailer is not None) or (channel == "sms" and self.twilio is not None)

    async def email(self, to: str, subject: str, text: str) -> None:
        if self.mailer is None:
            raise RuntimeError("mail is not configured (SMTP_HOST)")
        message = EmailMessage()
        message["To"], message["Subject"] = to, subject
        message.set_content(text)
        await self.mailer.send(message)

    async def sms(self, to: str, text: str) -> None:
        twilio = self.twilio
        if twilio is None:
            raise RuntimeError("SMS is not configured (TWILIO_ACCOUNT_SID, TWILIO_FROM_NUMBER)")
        try:
            await asyncio.to_thread(lambda: twilio.messages.create(to=to, from_=self.sms_from, body=text))
        except TwilioRestException as exc:
            if 400 <= exc.status < 500 and exc.status != 429:
                raise Conflict(f"Twilio refused the SMS ({exc.status}, code {exc.code}): {exc.msg}") from exc
            raise


def outbox(settings: Settings) -> Outbox:
    config = smtp_config(settings)
    twilio = None
    if settings.twilio_account_sid and settings.twilio_auth_token and settings.twilio_from_number:
        http = BaseUrlHttpClient(settings.twilio_api_url, settings.push_timeout_s)
        twilio = Client(settings.twilio_account_sid, settings.twilio_auth_token, http_client=http)
    return Outbox(Mailer(config) if config else None, twilio, settings.twilio_from_number)


def attach(spotter: Any) -> Outbox:
    """This process's outbox, kept on the spotter (`spotter.outbox`)."""
    spotter.outbox = outbox(spotter.settings)
    return spotter.outbox
