"""Outgoing webhooks: events to signed POSTs, delivered by jobs (domain/webhooks.py keeps the rules and the log)."""

from assistant.webhooks.sender import DELIVER, Webhooks
from assistant.webhooks.signing import HEADER, sign, signature_header, verify

__all__ = ["DELIVER", "HEADER", "Webhooks", "sign", "signature_header", "verify"]
