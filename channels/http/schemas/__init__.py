"""Request and response shapes, one module per resource. Requests accept snake_case and camelCase."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

T = TypeVar("T")


class In(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="ignore", str_strip_whitespace=True
    )

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
