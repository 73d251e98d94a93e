"""Request limits from settings, so that no one request stalls the server (issue 18).

Past a limit the answer is a 422 whose message names the limit and its setting; nothing is written.
The limits and their defaults are listed in the README ("Limits").
"""

from __future__ import annotations

from typing import Any

from channels.http.errors import ApiError


def at_most(field: str, count: int, most: int, what: str, setting: str) -> None:
    """422 when `count` `what` exceed `most` (the value of `setting`)."""
    if count > most:
        message = f"at most {most} {what} ({setting}); this request has {count}"
        raise ApiError(422, f"{field}: {message}", [{"field": field, "message": message}])


# The documented length of a message: MAX_MESSAGE_CHARS's default (the route checks the setting).
MESSAGE: dict[str, Any] = {
    "description": "at most MAX_MESSAGE_CHARS characters (2000 by default)",
    "json_schema_extra": {"maxLength": 2000},
}


def message_text(text: str, most: int) -> str:
    """Text for the assistant, at most `most` characters (MAX_MESSAGE_CHARS)."""
    at_most("text", len(text), most, "characters in one message", "MAX_MESSAGE_CHARS")
    return text
