"""Request and response shapes, one module per resource. Requests accept snake_case and camelCase.

Every request body is an `In`: numbers and booleans are strict (a JSON `true` is not a 1, `"5"` is not
a 5; an integer is fine where a decimal is asked), text is refused when it holds control characters,
and a field typed `NotNull[...]` may be left out but not sent as null. Dates, times and ids come as
strings, so their types (`When`, `Day`, `Id`) parse them.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, ClassVar, Generic, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    GetJsonSchemaHandler,
    Strict,
    ValidationInfo,
    field_validator,
)
from pydantic.alias_generators import to_camel
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from domain.validation import text_problem

T = TypeVar("T")


def _text(value: Any, lines: bool) -> None:
    """Every string in `value` (nested lists and dicts included, keys too) is acceptable text."""
    if isinstance(value, str):
        problem = text_problem(value, lines=lines)
        if problem:
            raise PydanticCustomError("control_characters", problem)
    elif isinstance(value, list | tuple):
        for item in value:
            _text(item, lines)
    elif isinstance(value, dict):
        for key, item in value.items():
            _text(key, False)
            _text(item, lines)


def _one_line(value: str | None) -> str | None:
    _text(value, False)
    return value


def _refuse_null(value: Any) -> Any:
    if value is None:
        raise PydanticCustomError("not_null", "must not be null (leave the field out to keep its value)")
    return value


class _NullNotShown:
    """The documented type of a `NotNull` field: its own, without the null the default needs."""

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        out = handler(schema)
        branches = [b for b in out.get("anyOf", []) if b != {"type": "null"}]
        if "anyOf" in out and len(branches) == 1:
            out = {**branches[0], **{k: v for k, v in out.items() if k != "anyOf"}}
        return out


# A PATCH field that may be left out (None: not given) but not cleared with null.
NotNull = Annotated[T | None, AfterValidator(_refuse_null), _NullNotShown()]
# Strings of a JSON body that these types parse (the body is otherwise strict).
When = Annotated[datetime, Strict(False)]
Day = Annotated[date, Strict(False)]
Id = Annotated[uuid.UUID, Strict(False)]
# A path or query parameter's text is one line: `Annotated[str, Query(...), OneLine]`.
OneLine = AfterValidator(_one_line)


class In(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="ignore", str_strip_whitespace=True, strict=True
    )
    # Fields that hold lines of text (tabs and line breaks allowed); any other text is one line.
    LINES: ClassVar[frozenset[str]] = frozenset({"notes", "text", "prompt", "limitations", "password", "context"})

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: Any, info: ValidationInfo) -> Any:
        _text(value, info.field_name in cls.LINES)
        return value

    def given(self) -> dict[str, Any]:
        """Only the fields the client sent (for PATCH)."""
        return self.model_dump(exclude_unset=True)


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class PageMeta(BaseModel):
    page: int
    limit: int
    total: int
    has_next: bool


class ListOut(BaseModel, Generic[T]):
    data: list[T]
    meta: PageMeta
