"""The two log formats, and the request id on every line."""

from __future__ import annotations

import io
import json
import logging
import logging.config

from assistant import logs


def _emit(fmt: logs.LogFormat, **extra: object) -> str:
    config = logs.config("INFO", fmt)
    stream = io.StringIO()
    config["handlers"]["stderr"]["stream"] = stream
    logger = logging.getLogger("spotter.test-logs")
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        logging.config.dictConfig(config)
        token = logs.request_id.set("rid-123")
        try:
            logger.warning("heavy %s", "set", extra=extra)
        finally:
            logs.request_id.reset(token)
    finally:
        for handler in root.handlers:
            handler.close()
        root.handlers[:], root.level = saved[0], saved[1]
    return stream.getvalue()


def test_json_lines_hold_the_message_its_fields_and_the_request_id() -> None:
    line = json.loads(_emit("json", route="/api/v1/me", latency_ms=1.5))
    assert line["message"] == "heavy set" and line["level"] == "WARNING" and line["logger"] == "spotter.test-logs"
    assert line["request_id"] == "rid-123" and line["route"] == "/api/v1/me" and line["latency_ms"] == 1.5
    assert "time" in line


def test_text_lines_show_the_request_id() -> None:
    text = _emit("text")
    assert "WARNING spotter.test-logs [rid-123] heavy set" in text


def test_configure_leaves_a_configured_root_alone() -> None:
    root = logging.getLogger()
    before = root.handlers[:]
    logs.configure("WARNING", "json")
    assert root.handlers == before
