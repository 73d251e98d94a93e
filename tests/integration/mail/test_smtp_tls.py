"""Mail over TLS (channels/mail/smtp.py): STARTTLS and implicit TLS to a real SMTP server (aiosmtpd) on
127.0.0.1 with a certificate made in the test; the certificate is checked (an untrusted one, or one
for another host, sends nothing), and AUTH goes only over the encrypted connection."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Literal

import pytest

from channels.mail import Mailer, SmtpConfig
from tests.fakes.certs import SelfSigned, self_signed
from tests.fakes.smtp import FakeSmtp

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")  # implicit TLS: it is


@pytest.fixture(scope="module")
def cert(tmp_path_factory: pytest.TempPathFactory) -> SelfSigned:
    return self_signed(tmp_path_factory.mktemp("cert"))


@pytest.fixture(scope="module")
def starttls(cert: SelfSigned) -> Iterator[FakeSmtp]:
    server = FakeSmtp(user="spotter", password="smtp-pass", tls=cert.server_context()).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def implicit(cert: SelfSigned) -> Iterator[FakeSmtp]:
    server = FakeSmtp(user="spotter", password="smtp-pass", tls=cert.server_context(), implicit=True).start()
    yield server
    server.stop()


def mail(to: str) -> EmailMessage:
    message = EmailMessage()
    message["To"], message["Subject"] = to, "Confirm your email address for Spotter"
    message.set_content("a link")
    return message


Tls = Literal["starttls", "ssl", "none"]


def mailer(server: FakeSmtp, tls: Tls, ca: Path | None) -> Mailer:
    ca_file = str(ca) if ca else None
    return Mailer(
        SmtpConfig("127.0.0.1", server.port, "no-reply@spotter.example", "spotter", "smtp-pass", tls, 5.0, ca_file)
    )


@pytest.mark.parametrize("mode", ["starttls", "ssl"])
async def test_mail_goes_over_tls_to_a_server_whose_certificate_is_trusted(
    mode: Literal["starttls", "ssl"], cert: SelfSigned, starttls: FakeSmtp, implicit: FakeSmtp
) -> None:
    server = starttls if mode == "starttls" else implicit
    to = f"{mode}@example.com"
    await mailer(server, mode, cert.cert_file).send(mail(to))
    [got] = server.to(to)
    assert got.sender == "no-reply@spotter.example" and got.message["Subject"].startswith("Confirm")


@pytest.mark.parametrize("mode", ["starttls", "ssl"])
async def test_an_untrusted_certificate_sends_nothing(
    mode: Literal["starttls", "ssl"], starttls: FakeSmtp, implicit: FakeSmtp
) -> None:
    server = starttls if mode == "starttls" else implicit
    to = f"untrusted-{mode}@example.com"
    with pytest.raises(ssl.SSLCertVerificationError):
        await mailer(server, mode, None).send(mail(to))  # the system's authorities do not know it
    assert server.to(to) == []


async def test_a_certificate_for_another_host_sends_nothing(tmp_path: Path, starttls: FakeSmtp) -> None:
    other = self_signed(tmp_path, host="127.0.0.2")  # trusted, but names another address
    with pytest.raises(ssl.SSLCertVerificationError):
        await mailer(starttls, "starttls", other.cert_file).send(mail("elsewhere@example.com"))
    assert starttls.to("elsewhere@example.com") == []


async def test_a_server_requiring_starttls_takes_no_plain_mail(cert: SelfSigned, starttls: FakeSmtp) -> None:
    with pytest.raises(smtplib.SMTPException):
        await mailer(starttls, "none", cert.cert_file).send(mail("plain@example.com"))
    assert starttls.to("plain@example.com") == []


async def test_send_later_logs_a_failure_instead_of_raising(
    starttls: FakeSmtp, caplog: pytest.LogCaptureFixture
) -> None:
    sender = mailer(starttls, "starttls", None)
    sender.send_later(mail("later@example.com"))
    await sender.aclose()
    assert "could not send the mail" in caplog.text and starttls.to("later@example.com") == []


async def test_the_app_sends_with_its_settings(cert: SelfSigned, implicit: FakeSmtp) -> None:
    from channels.http.app import mailer as app_mailer
    from tests.conftest import make_settings

    settings = make_settings(
        "sqlite+aiosqlite:///unused.db",
        smtp_host="127.0.0.1",
        smtp_port=implicit.port,
        smtp_tls="ssl",
        smtp_user="spotter",
        smtp_password="smtp-pass",
        smtp_ca_file=str(cert.cert_file),
        mail_from="no-reply@spotter.example",
        public_base_url="https://spotter.example",
    )
    sender = app_mailer(settings)
    assert sender is not None
    await sender.send(mail("settings@example.com"))
    assert len(implicit.to("settings@example.com")) == 1
