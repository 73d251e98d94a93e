from __future__ import annotations

from typing import Any

import pytest

from intents import Parser


@pytest.fixture(scope="session")
def parser() -> Parser:
    return Parser()


def only(parser: Parser, text: str, context: dict[str, Any] | None = None) -> dict[str, Any]:
    """The single command an utterance gives."""
    result = parser.parse(text, context).to_json_dict()
    assert len(result["commands"]) == 1, (text, result["commands"])
    return dict(result["commands"][0])


def subset(cmd: dict[str, Any], **want: Any) -> None:
    got = {k: cmd.get(k) for k in want}
    assert got == want, cmd
