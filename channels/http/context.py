"""The request id of the request being served (for logs and error bodies); kept in assistant/logs.py,
where every log line is stamped with it."""

from __future__ import annotations

from assistant.logs import request_id

__all__ = ["request_id"]
