"""Web push: VAPID keys, events to notification jobs, one encrypted push (pywebpush)."""

from assistant.push.sender import DELIVER_PUSH, TTL_S, Push, Sent, message, notification

__all__ = ["DELIVER_PUSH", "TTL_S", "Push", "Sent", "message", "notification"]
