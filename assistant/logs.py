"""Log lines: text for a person at a terminal, or one JSON object per line for a log shipper.

`LOG_FORMAT=json` (settings.log_format) turns every line into JSON: ours and uvicorn's, which are
handed the same configuration (`uvicorn_config`), so one parser reads them all. Each line carries the
request id of the request being served (`request_id`, set by channels/http/middleware.py); the access
line adds method, path, route, status, latency_ms and user_id.
"""

from __future__ import annotations

import logging
import logging.config
from contextvars import ContextVar
from typing import Any, Literal

from pythonjsonlogger.core import RESERVED_ATTRS

LogFormat = Literal["text", "json"]
TEXT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
JSON_FIELDS = ("asctime", "levelname", "name", "message", "request_id")

request_id: ContextVar[str] = ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    """Stamps each record with the id of the request it was logged for ("-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return True


def config(level: str, fmt: LogFormat, uvicorn: bool = True) -> dict[str, Any]:
    """A `logging.config.dictConfig` dict: one stderr handler on the root logger and, for uvicorn's
    `log_config`, uvicorn's loggers sending their lines to it instead of keeping handlers of their own."""
    formatter: dict[str, Any] = (
        {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": list(JSON_FIELDS),
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "reserved_attrs": [*RESERVED_ATTRS, "color_message"],  # uvicorn's copy of the message with ANSI colours
        }
        if fmt == "json"
        else {"format": TEXT}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"spotter": formatter},
        "handlers": {
            "stderr": {"class": "logging.StreamHandler", "formatter": "spotter", "filters": ["request_id"]},
        },
        "root": {"level": level, "handlers": ["stderr"]},
        "loggers": {
            name: {"level": level, "handlers": [], "propagate": True}
            for name in ("uvicorn", "uvicorn.error", "uvicorn.access")
            if uvicorn
        },
    }


def configure(level: str, fmt: LogFormat) -> None:
    """Set up logging once per process: left alone when something (uvicorn given `config`, a test
    runner) has put a handler on the root logger already; uvicorn's loggers are not touched (a server
    started as plain `uvicorn` keeps its own format for them)."""
    root = logging.getLogger()
    if root.handlers:
        root.setLevel(level)
        return
    logging.config.dictConfig(config(level, fmt, uvicorn=False))
