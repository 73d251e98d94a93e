"""The account mails: plain text, each with its link and the token alone (for API clients).

The link leads to PUBLIC_BASE_URL's account page with the token after `#`, so the token is never
sent to a server in a URL (not in access logs, not in a Referer); the page posts it to the API.
"""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime


def _message(to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    return message


def link(base_url: str, action: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/account#{action}={token}"


def verification(to: str, base_url: str, token: str, expires_at: datetime) -> EmailMessage:
    body = (
        "Confirm that this is your email address for Spotter:\n\n"
        f"{link(base_url, 'verify-email', token)}\n\n"
        f"The link works once, until {format_datetime(expires_at)}.\n"
        f"From an app: POST /api/v1/auth/verify-email with the token {token}\n\n"
        "If you did not sign up for Spotter, ignore this mail.\n"
    )
    return _message(to, "Confirm your email address for Spotter", body)


def password_reset(to: str, base_url: str, token: str, expires_at: datetime) -> EmailMessage:
    body = (
        "Someone (we hope you) asked to reset the password of your Spotter account:\n\n"
        f"{link(base_url, 'reset-password', token)}\n\n"
        f"The link works once, until {format_datetime(expires_at)}. Setting a new password signs out\n"
        "every device signed in to the account.\n"
        f"From an app: POST /api/v1/auth/password-reset with the token {token} and a new password\n\n"
        "If it was not you, ignore this mail: your password stays as it is.\n"
    )
    return _message(to, "Reset your Spotter password", body)
