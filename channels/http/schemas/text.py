"""What a request's text may hold, said once for the server and the OpenAPI document alike.

A text field refuses control characters (C0, DEL, C1; tabs and line breaks are fine where a field
holds lines, `LINES`), and a field that must not be empty (`minLength` ≥ 1) refuses text of spaces
only. Lengths count the text as sent; spaces around it are trimmed afterwards. The document says
the same with a `pattern` on each such string, so a client (or a fuzzer) that follows the document
is never refused for its text.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from pydantic_core import PydanticCustomError

from domain.validation import text_problem

# Fields that hold lines of text (tabs and line breaks allowed); any other text is one line.
LINES = frozenset({"notes", "text", "prompt", "limitations", "password", "new_password", "context"})
# Fields taken exactly as typed (never trimmed).
AS_TYPED = frozenset({"password", "new_password"})

# \uXXXX escapes read the same in ECMA-262 (JSON Schema), Python's re and Rust's regex.
_CONTROL = {False: r"\u0000-\u001f\u007f-\u009f", True: r"\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f"}
_SPACE = r" \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"  # what str.strip() trims, controls aside
_VISIBLE = rf"[^{_CONTROL[False]}{_SPACE}]"  # neither a control character nor a space


def pattern(lines: bool, required: bool) -> str:
    """The text a field takes: no control characters and, when `required`, not only spaces."""
    allowed = f"[^{_CONTROL[lines]}]"
    return f"^{allowed}*{_VISIBLE}{allowed}*$" if required else f"^{allowed}*$"


ONE_LINE = pattern(lines=False, required=False)
LINES_TEXT = pattern(lines=True, required=False)


def check(value: Any, lines: bool, required: bool = False) -> None:
    """Every string in `value` (nested lists and dicts included, keys too) is acceptable text."""
    if isinstance(value, str):
        problem = text_problem(value, lines=lines)
        if problem:
            raise PydanticCustomError("control_characters", problem)
        if required and not value.strip():
            raise PydanticCustomError("blank", "must not be blank")
    elif isinstance(value, list | tuple):
        for item in value:
            check(item, lines, required)
    elif isinstance(value, dict):
        for key, item in value.items():
            check(key, False)
            check(item, lines)


def trimmed(value: Any) -> Any:
    """`value` with spaces around each of its strings (and a list's strings) trimmed."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return [v.strip() if isinstance(v, str) else v for v in value]
    return value


def required(schema: dict[str, Any]) -> bool:
    """Whether a field's schema asks for non-empty text: itself or its items, in any branch."""
    tops = [schema, *schema.get("anyOf", [])]
    branches = [*tops, *(b["items"] for b in tops if isinstance(b.get("items"), dict))]
    return any(b.get("type") == "string" and b.get("minLength", 0) >= 1 for b in branches)


def document(schema: dict[str, Any], lines: bool) -> None:
    """Add the text `pattern` to each free-text string in a property's schema (not to enums, dates or ids)."""
    if schema.get("type") == "string" and not {"enum", "const", "format", "pattern"} & schema.keys():
        schema["pattern"] = pattern(lines, schema.get("minLength", 0) >= 1)
    for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
        for branch in schema.get(key, []):
            document(branch, lines)
    if isinstance(schema.get("items"), dict):
        document(schema["items"], lines)


def iso_time(value: Any) -> Any:
    """Text that reads as an ISO 8601 time, passed on to be parsed: pydantic would also take a number,
    or a number written as text, as seconds since 1970."""
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or NUMBER.fullmatch(value.strip()):
        raise PydanticCustomError("iso_time", "must be an ISO 8601 date and time, written as text")
    return value


NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
DAY_PATTERN = r"^(19|2\d)\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"


def iso_day(value: Any) -> Any:
    """A day written YYYY-MM-DD (1900-2999), for the same reason as `iso_time`."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not re.fullmatch(DAY_PATTERN, value):
        raise PydanticCustomError("iso_day", "must be a day written YYYY-MM-DD, 1900-2999")
    return value


# A context's values: text, numbers, true/false, null, or one level of lists and objects of those.
_SCALAR: list[dict[str, Any]] = [
    {"type": "string", "pattern": LINES_TEXT},
    {"type": "number"},
    {"type": "boolean"},
    {"type": "null"},
]
CONTEXT = {
    "type": "object",
    "propertyNames": {"pattern": ONE_LINE},
    "additionalProperties": {
        "anyOf": [
            *_SCALAR,
            {"type": "array", "items": {"anyOf": _SCALAR}},
            {"type": "object", "propertyNames": {"pattern": ONE_LINE}, "additionalProperties": {"anyOf": _SCALAR}},
        ]
    },
}


def shallow(context: dict[str, Any]) -> dict[str, Any]:
    """A context nests at most one level (CONTEXT): hints for the parser, not a document."""
    for value in context.values():
        inner = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
        if any(isinstance(v, dict | list) for v in inner):
            raise PydanticCustomError("too_deep", "context values nest at most one level (a list or an object)")
    return context


def one_line(value: str | None) -> str | None:
    check(value, False)
    return value
