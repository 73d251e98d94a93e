"""Serving settings: the app loaded by name, as a factory, on the standard event loop."""

from __future__ import annotations

from uvicorn.importer import import_from_string

from assistant.server import APP, address, config


def test_the_app_is_loaded_by_name_as_a_factory() -> None:
    cfg = config("127.0.0.1", 8000, workers=2)
    assert cfg.app == APP and cfg.factory and cfg.workers == 2
    assert callable(import_from_string(APP))


def test_serving_settings() -> None:
    cfg = config("127.0.0.1", 8000)
    assert cfg.loop == "asyncio" and not cfg.access_log and cfg.proxy_headers
    assert cfg.workers == 1


def test_the_printed_address_brackets_ipv6_hosts() -> None:
    assert address("127.0.0.1", 8000) == "http://127.0.0.1:8000"
    assert address("::1", 8000) == "http://[::1]:8000"
