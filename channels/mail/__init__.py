"""Account mails (verify an address, reset a password) sent over SMTP."""

from channels.mail.messages import password_reset, verification
from channels.mail.smtp import Mailer, SmtpConfig

__all__ = ["Mailer", "SmtpConfig", "password_reset", "verification"]
