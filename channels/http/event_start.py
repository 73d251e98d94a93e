"""The first message of an event socket (/workouts/{id}/live, /events), decoded at the edge.

`{"type": "auth", "token": "<access JWT>"}` (or `"api_key"` with the read scope), optionally
`"last_event_id"` to resume after it and, on /events, `"types"` to filter (`["set.logged",
"workout.*"]`). Anything else is refused with a message naming what is wrong.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from assistant.events import event_order
from domain.events import TYPES

FIELDS = {"type", "token", "api_key", "last_event_id", "types"}
FAMILIES = {t.split(".")[0] for t in TYPES}
MAX_TYPES = 50


class BadStart(ValueError):
    """The first message is not an auth message this socket takes (the message says why)."""


@dataclass(frozen=True)
class Start:
    token: str | None
    api_key: str | None
    last_event_id: str | None
    types: tuple[str, ...]


def read_start(text: str | None, *, filters: bool) -> Start:
    """The auth message in `text`; `filters`: whether `types` may be given (on /events)."""
    try:
        found: Any = json.loads(text or "")
    except ValueError as exc:
        raise BadStart('Send {"type": "auth", "token": ...} first, as JSON text') from exc
    if not isinstance(found, dict) or found.get("type") != "auth":
        raise BadStart('Send {"type": "auth", "token": ...} first')
    unknown = sorted(set(found) - (FIELDS if filters else FIELDS - {"types"}))
    if unknown:
        raise BadStart(f"Unknown fields: {', '.join(unknown)}")
    token, key, last = found.get("token"), found.get("api_key"), found.get("last_event_id")
    if not isinstance(token, str | None) or not isinstance(key, str | None) or not (token or key):
        raise BadStart("token (an access token) or api_key (a key with the read scope) is required, as text")
    if last is not None and (not isinstance(last, str) or event_order(last) is None):
        raise BadStart("last_event_id must be the id of an event this socket sent")
    return Start(token, key, last, _types(found.get("types")))


def _types(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not value or len(value) > MAX_TYPES:
        raise BadStart(f"types must be a list of 1 to {MAX_TYPES} event types")
    for item in value:
        known = isinstance(item, str) and (item in TYPES or (item.endswith(".*") and item[:-2] in FAMILIES))
        if not known:
            raise BadStart(f"types: unknown event type {item!r}; known: {', '.join(TYPES)} (or a family: set.*)")
    return tuple(value)
