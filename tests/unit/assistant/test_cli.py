"""The command line: `serve` options, and channel entry points loaded by name (the assistant never
imports channels)."""

from __future__ import annotations

import pytest
from uvicorn.importer import import_from_string

from assistant.cli import TELEGRAM_POLLING, build_parser


def test_the_telegram_entry_point_resolves_by_name() -> None:
    assert callable(import_from_string(TELEGRAM_POLLING))


def test_serve_takes_host_port_and_workers() -> None:
    args = build_parser().parse_args(["serve", "--host", "0.0.0.0", "--port", "0", "--workers", "3"])
    assert (args.host, args.port, args.workers) == ("0.0.0.0", 0, 3)


def test_workers_default_to_web_concurrency(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEB_CONCURRENCY", "4")
    assert build_parser().parse_args(["serve"]).workers == 4
    monkeypatch.delenv("WEB_CONCURRENCY")
    assert build_parser().parse_args(["serve"]).workers == 1


def test_import_and_worker_take_their_options() -> None:
    args = build_parser().parse_args(["import", "strong.csv", "--user", "a@b.co", "--timezone", "Europe/Berlin"])
    assert (args.file, args.user, args.timezone, args.unit) == ("strong.csv", "a@b.co", "Europe/Berlin", None)
    assert build_parser().parse_args(["worker", "--burst"]).burst is True
    with pytest.raises(SystemExit):
        build_parser().parse_args(["import", "strong.csv"])  # whose account: --user is required
