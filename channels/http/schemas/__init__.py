"""Request and response shapes, one module per resource. Requests accept snake_case and camelCase.

Every request body is an `In`: an unknown field is refused (422 naming it); a field is read by its
name (the one documented), in camelCase, or by a seed document's name for it (`title` for `name`:
SEED_NAMES), and given by two of those names it is a 422 naming the second; numbers and booleans
are strict (a JSON `true` is not a 1, `"5"` is not a 5; an integer is fine where a decimal is
asked), text follows schemas/text.py (no control characters, not blank where required, trimmed),
and a field typed `NotNull[...]` may be left out but not sent as null. Dates, times and ids come
as strings, so their types (`When`, `Day`, `Id`) parse them.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, ClassVar, Generic, TypeVar

from pydantic import (
    AfterValidator,
    AliasChoices,
    AliasGenerator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    Strict,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from pydantic.alias_generators import to_camel
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from channels.http.schemas import text

T = TypeVar("T")


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
When = Annotated[datetime, BeforeValidator(text.iso_time), Strict(False)]
Day = Annotated[
    date,
    BeforeValidator(text.iso_day),
    Strict(False),
    WithJsonSchema({"type": "string", "format": "date", "pattern": text.DAY_PATTERN}),
]
Id = Annotated[uuid.UUID, Strict(False)]


class _OneLine:
    """A path or query parameter's text is one line (`Annotated[str, Query(...), OneLine]`), and its
    documented schema says so."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(text.one_line, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        out = handler(schema)
        text.document(out, lines=False)
        return out


OneLine = _OneLine()
# A query parameter's time: ISO 8601 text only (not a number of seconds, which pydantic would also take).
QueryWhen = Annotated[
    datetime, BeforeValidator(text.iso_time), WithJsonSchema({"type": "string", "format": "date-time"})
]
# The parser's context: a JSON object whose keys are one line and whose text holds no control
# characters, nesting at most one level (text.CONTEXT).
Context = Annotated[dict[str, Any], AfterValidator(text.shallow), WithJsonSchema(text.CONTEXT)]
# The names seed documents use for a field (api.md, "Strict bodies"), read as the field they mean.
SEED_NAMES = {
    "title": "name",
    "description": "notes",
    "date": "started_at",
    "time": "duration_s",
    "exerciseId": "exercise",
    "exercise_id": "exercise",
    "setNumber": "position",
}
_SEEDS_OF: dict[str, list[str]] = {}
for _seed, _name in SEED_NAMES.items():
    _SEEDS_OF.setdefault(_name, []).append(_seed)


def accepted_names(name: str) -> list[str]:
    """The keys a body may give field `name` by: its own first (the documented one), its camelCase,
    the seed documents' names for it."""
    return list(dict.fromkeys((name, to_camel(name), *_SEEDS_OF.get(name, ()))))


def _accepted(name: str) -> AliasChoices:
    return AliasChoices(*accepted_names(name))


def _document(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """The text rules of each property in the model's documented schema (see schemas/text.py), the
    other names a field is read by, and for a change (`CHANGES`) that it names at least one field to
    change."""
    names = {n: n for n in model.model_fields}
    for key, prop in schema.get("properties", {}).items():
        text.document(prop, names.get(key) in text.LINES)
        others = accepted_names(key)[1:] if key in names else []
        if others:
            also = "Also read as " + ", ".join(f"`{o}`" for o in others) + "."
            prop["description"] = f"{prop['description']} ({also})" if prop.get("description") else also
    if getattr(model, "CHANGES", False):
        schema["anyOf"] = [{"required": [key]} for key in schema.get("properties", {}) if names.get(key) != "version"]


def _whole(value: Any) -> Any:
    """A JSON number with nothing after the point is an integer (JSON Schema says so): 5.0 is 5."""
    return int(value) if isinstance(value, float) and value.is_integer() and abs(value) < 2**63 else value


_TEXT_REQUIRED: dict[type[BaseModel], frozenset[str]] = {}
_INT_FIELDS: dict[type[BaseModel], frozenset[str]] = {}


def _int_fields(model: type[BaseModel]) -> frozenset[str]:
    """Fields documented as integers (read once per model)."""
    found = _INT_FIELDS.get(model)
    if found is None:
        props = model.model_json_schema(by_alias=False).get("properties", {})
        found = _INT_FIELDS[model] = frozenset(
            name
            for name, p in props.items()
            if "integer" in {p.get("type"), *(b.get("type") for b in p.get("anyOf", []))}
        )
    return found


class In(BaseModel):
    model_config = ConfigDict(
        alias_generator=AliasGenerator(validation_alias=_accepted),
        extra="forbid",
        strict=True,
        regex_engine="python-re",
        json_schema_extra=_document,
    )

    # A change (PATCH): at least one field to change must be given, else the route answers 422.
    CHANGES: ClassVar[bool] = False

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        """A name one field is read by may not be another field's (`title` beside `name`)."""
        super().__pydantic_init_subclass__(**kwargs)
        owner: dict[str, str] = {}
        for name in cls.model_fields:
            for key in accepted_names(name):
                if owner.setdefault(key, name) != name:
                    raise TypeError(f"{cls.__name__}: {key!r} would name both {owner[key]!r} and {name!r}")

    @field_validator("*", mode="before")
    @classmethod
    def _whole_numbers(cls, value: Any, info: ValidationInfo) -> Any:
        return _whole(value) if (info.field_name or "") in _int_fields(cls) else value

    @field_validator("*", mode="after")
    @classmethod
    def _acceptable_text(cls, value: Any, info: ValidationInfo) -> Any:
        """No control characters, no blank text where some is required; then spaces around are trimmed."""
        name = info.field_name or ""
        text.check(value, name in text.LINES, name in cls._needs_text())
        return value if name in text.AS_TYPED else text.trimmed(value)

    @classmethod
    def _needs_text(cls) -> frozenset[str]:
        """Fields whose documented schema asks for non-empty text (read once per model)."""
        found = _TEXT_REQUIRED.get(cls)
        if found is None:
            props = cls.model_json_schema(by_alias=False).get("properties", {})
            found = _TEXT_REQUIRED[cls] = frozenset(name for name, prop in props.items() if text.required(prop))
        return found

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


class ErrorDetail(BaseModel):
    """One problem: the field it is about (`body` for the whole body) and what is wrong with it. A
    conflict may carry more (`active_workout` when a workout is already in progress)."""

    field: str
    message: str


class ErrorBody(BaseModel):
    code: str = Field(description="VALIDATION_ERROR, AUTH_REQUIRED, FORBIDDEN, NOT_FOUND, CONFLICT, ...")
    message: str
    details: list[ErrorDetail]


class ErrorMeta(BaseModel):
    request_id: str


class ErrorOut(BaseModel):
    """Every error answer (api.md, "Errors")."""

    error: ErrorBody
    meta: ErrorMeta
